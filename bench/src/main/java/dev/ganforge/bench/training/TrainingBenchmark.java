package dev.ganforge.bench.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.ganforge.bench.Median;
import dev.ganforge.trainer.nn.Architectures;
import dev.ganforge.trainer.nn.GanArchitecture;
import dev.ganforge.trainer.nn.OutputKind;
import dev.ganforge.trainer.train.GanTrainer;
import dev.ganforge.trainer.train.TrainConfig;
import dev.ganforge.trainer.train.TrainingData;
import dev.ganforge.trainer.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Times {@link GanTrainer} itself — the very loop {@code ganforge train} runs, with the architecture's default
 * losses and optimiser settings — rather than a copy of it, so the figure cannot drift from the product. The
 * trainer's own per-iteration timing is used: it covers the iteration (data batch, latents, D and G steps, Adam,
 * EMA) and excludes epoch-end samples and checkpoints.
 */
public final class TrainingBenchmark {

    /** Warm-up iterations at most, whatever the warm-up time: bounds the run's step count. */
    static final int MAX_WARMUP_ITERATIONS = 1_000_000;
    private static final int MATMUL_SIZE = 1024;
    private static final int MATMUL_REPEATS = 10;

    private final GanTrainer trainer;

    public TrainingBenchmark(GanTrainer trainer) {
        this.trainer = trainer;
    }

    /**
     * @param dataset    dataset spec; {@code null} for the architecture's usual one ({@code mnist}, or curves)
     * @param warmup     untimed iterations first (JIT, allocator, engine caches), at least this many …
     * @param warmupTime … and for at least this long: the JIT compiles the loop's Java code only after a thousand
     *                   or so iterations, which on a small network is a second or two, on a large one minutes
     * @param iterations timed iterations
     */
    public TrainingThroughput run(String archName, String dataset, int batchSize, int warmup, Duration warmupTime,
                                  int iterations) throws IOException {
        GanArchitecture arch = Architectures.byName(archName);
        String data = dataset != null ? dataset
                : arch.outputKind() == OutputKind.CURVE ? TrainConfig.CURVES_DATASET : "mnist";
        TrainConfig config = TrainConfig.defaults(archName, data).with(Map.of(
                "steps", Integer.toString(Math.max(warmup, MAX_WARMUP_ITERATIONS) + iterations),
                "batch-size", Integer.toString(batchSize)));
        TrainingData trainingData = trainer.loadData(config);
        IterationTimes timing = new IterationTimes(warmup, warmupTime, iterations,
                config.batchSize() * config.dSteps());
        Path runDir = Files.createTempDirectory("ganforge-bench-");
        try {
            trainer.train(config, trainingData, runDir.resolve("run"), timing);
        } finally {
            delete(runDir);
        }
        List<Double> seconds = timing.seconds;
        double total = seconds.stream().mapToDouble(Double::doubleValue).sum();
        double imagesPerSecond = (double) config.batchSize() * config.dSteps() * seconds.size() / total;
        double median = Median.of(seconds.stream().mapToDouble(Double::doubleValue));

        try (NDManager manager = NDManager.newBaseManager(Engine.getInstance().defaultDevice())) {
            Block g = arch.initializedGenerator(manager);
            Block d = arch.initializedDiscriminator(manager);
            ForwardFlops flops = ForwardFlops.of(arch, g, d);
            double peak = MatmulPeak.measure(manager, MATMUL_SIZE, MATMUL_REPEATS);
            return new TrainingThroughput(archName, batchSize, timing.warmedUpAfter, seconds.size(), imagesPerSecond,
                    median, flops,
                    flops.trainingPerImage(config.gSteps()), peak);
        }
    }

    /**
     * Collects the iteration times once the warm-up is over — at least {@code warmup} iterations and at least
     * {@code warmupTime}, whose clock starts when the first iteration ends (engine and network set-up are not
     * warm-up) — and asks the trainer to stop after {@code iterations} of them.
     */
    private static final class IterationTimes implements TrainingListener {

        final List<Double> seconds = new ArrayList<>();
        long warmedUpAfter = -1;
        private final int warmup;
        private final Duration warmupTime;
        private final int iterations;
        private final int imagesPerIteration;
        private long warmupEnds;

        IterationTimes(int warmup, Duration warmupTime, int iterations, int imagesPerIteration) {
            this.warmup = warmup;
            this.warmupTime = warmupTime;
            this.iterations = iterations;
            this.imagesPerIteration = imagesPerIteration;
        }

        @Override
        public void onProgress(int epoch, long step, float lossD, float lossG, float dx, float dgz,
                               double imagesPerSec) {
            // Judged before this iteration: it is timed when the warm-up had ended by the time it began.
            long before = step - 1;
            long now = System.nanoTime();
            if (before == 0) {
                warmupEnds = now + warmupTime.toNanos();
            }
            boolean timeUp = warmupTime.isZero() || before > 0 && now >= warmupEnds;
            if (warmedUpAfter < 0 && before >= warmup && (timeUp || before >= MAX_WARMUP_ITERATIONS)) {
                warmedUpAfter = before;
            }
            if (warmedUpAfter >= 0) {
                seconds.add(imagesPerIteration / imagesPerSec);
            }
        }

        @Override
        public boolean stopRequested() {
            return seconds.size() >= iterations;
        }
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
