package dev.ganforge.bench.cli;

import dev.ganforge.trainer.nn.Architectures;
import dev.ganforge.bench.Median;
import dev.ganforge.bench.service.InferenceBenchmark;
import dev.ganforge.bench.service.InferenceLatency;
import dev.ganforge.bench.training.ForwardFlops;
import dev.ganforge.bench.training.TrainingBenchmark;
import dev.ganforge.bench.training.TrainingThroughput;
import dev.ganforge.trainer.cli.CliErrors;
import dev.ganforge.trainer.cli.DurationConverter;
import dev.ganforge.trainer.cli.EngineThreadsOption;
import dev.ganforge.trainer.cli.GanforgeHome;
import dev.ganforge.trainer.data.DatasetCatalog;
import dev.ganforge.trainer.nn.layer.TransposedConv2d;
import dev.ganforge.trainer.train.GanTrainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ganforge bench train|inference|service|protocols|hotswap}: throughput and latency figures for docs/benchmarks.md. */
@Command(name = "bench", sortOptions = false,
        description = "Measures training throughput (bench train), raw ONNX Runtime latency (bench inference), the "
                + "service under HTTP load (bench service), its protocols side by side (bench protocols) and hot-swap time (bench hotswap). "
                + "Figures, not tests: run on an otherwise idle machine.",
        subcommands = {BenchCommand.Train.class, BenchCommand.Inference.class, BenchServiceCommand.class,
            BenchProtocolsCommand.class, BenchHotSwapCommand.class})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CliErrors.USAGE;
    }

    /** {@code ganforge bench train}: images/s of the real trainer, FLOPs per image, fraction of matmul peak. */
    @Command(name = "train", sortOptions = false,
            description = "Times N training iterations of GanTrainer after a warm-up, with the architecture's "
                    + "default settings on its usual data (mnist, or the synthetic curves).")
    public static final class Train implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--arch", required = true, paramLabel = "ARCH",
                completionCandidates = Architectures.Names.class, description = "One of ${COMPLETION-CANDIDATES}.")
        String arch;

        @picocli.CommandLine.Mixin
        EngineThreadsOption threads;

        @Option(names = "--dataset", paramLabel = "DATASET", description = "Default: mnist (curves for --arch curves).")
        String dataset;

        @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64", description = "Default 64.")
        int batchSize;

        @Option(names = "--warmup", paramLabel = "N", defaultValue = "10",
                description = "Untimed iterations first: at least N (default 10) …")
        int warmup;

        @Option(names = "--warmup-time", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
                description = "… and for at least this long (default 10s): the JIT compiles the loop's Java code "
                        + "only after a thousand or so iterations, seconds on a small network.")
        Duration warmupTime;

        @Option(names = "--iterations", paramLabel = "N", defaultValue = "50", description = "Timed iterations (default 50).")
        int iterations;

        @Option(names = "--compare-transposed-conv", paramLabel = "ROUNDS", defaultValue = "0",
                description = "Instead of one run: ROUNDS alternating rounds of the transposed convolution as it ships "
                        + "(phase decomposition) and as it was (zero insertion, s² times the work), with per-round "
                        + "images/s, medians, ranges and the median ratio (default 0: off).")
        int compareRounds;

        @Override
        public Integer call() throws IOException {
            if (batchSize <= 0 || iterations <= 0 || warmup < 0 || compareRounds < 0) {
                throw new IllegalArgumentException("--batch-size and --iterations must be positive, --warmup and "
                        + "--compare-transposed-conv not negative");
            }
            TrainingBenchmark bench = new TrainingBenchmark(
                    new GanTrainer(new DatasetCatalog(GanforgeHome.resolve().dir())));
            PrintWriter out = spec.commandLine().getOut();
            if (compareRounds > 0) {
                compare(bench, out);
                return 0;
            }
            TrainingThroughput r = bench.run(arch, dataset, batchSize, warmup, warmupTime, iterations);
            ForwardFlops f = r.flops();
            out.printf("arch %s, batch %d, %d timed iterations after %d warm-up, %d cores available%n",
                    r.arch(), r.batchSize(), r.iterations(), r.warmupIterations(),
                    Runtime.getRuntime().availableProcessors());
            out.printf("throughput        %.1f images/s (median iteration %.2f ms)%n", r.imagesPerSecond(),
                    r.medianIteration() * 1e3);
            out.printf("forward FLOPs     G %s + D %s per image%n", mega(f.generator()), mega(f.discriminator()));
            out.printf("training FLOPs    %s per image (estimate: backward = 2x forward)%n",
                    mega(r.trainingFlopsPerImage()));
            out.printf("achieved          %.2f GFLOP/s%n", r.achievedFlops() / 1e9);
            out.printf("matmul peak       %.2f GFLOP/s (1024x1024 float32 matMul, best of 10)%n", r.matmulPeak() / 1e9);
            out.printf("fraction of peak  %.1f%%%n", 100 * r.peakFraction());
            return 0;
        }

        /** Alternating rounds (the order flips each round, so neither side always runs on a warmer machine). */
        private void compare(TrainingBenchmark bench, PrintWriter out) throws IOException {
            List<Double> phases = new ArrayList<>();
            List<Double> zeroInsertion = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            String previous = System.getProperty(TransposedConv2d.Algorithm.PROPERTY);
            try {
                for (int round = 1; round <= compareRounds; round++) {
                    double p = 0;
                    double z = 0;
                    for (int side = 0; side < 2; side++) {
                        boolean old = (round + side) % 2 == 0;
                        System.setProperty(TransposedConv2d.Algorithm.PROPERTY, old ? "zero-insertion" : "phases");
                        double imagesPerSecond = bench.run(arch, dataset, batchSize, warmup, warmupTime, iterations)
                                .imagesPerSecond();
                        out.printf("round %d  %-14s %.1f images/s%n", round, old ? "zero-insertion" : "phases",
                                imagesPerSecond);
                        out.flush();
                        if (old) {
                            z = imagesPerSecond;
                        } else {
                            p = imagesPerSecond;
                        }
                    }
                    phases.add(p);
                    zeroInsertion.add(z);
                    ratios.add(p / z);
                }
            } finally {
                if (previous == null) {
                    System.clearProperty(TransposedConv2d.Algorithm.PROPERTY);
                } else {
                    System.setProperty(TransposedConv2d.Algorithm.PROPERTY, previous);
                }
            }
            out.printf("arch %s, batch %d, %d rounds of %d timed iterations, %d cores available%n", arch, batchSize,
                    compareRounds, iterations, Runtime.getRuntime().availableProcessors());
            out.printf("phases            median %.1f images/s (%.1f–%.1f)%n", Median.of(phases.stream().mapToDouble(Double::doubleValue)),
                    Collections.min(phases), Collections.max(phases));
            out.printf("zero-insertion    median %.1f images/s (%.1f–%.1f)%n", Median.of(zeroInsertion.stream().mapToDouble(Double::doubleValue)),
                    Collections.min(zeroInsertion), Collections.max(zeroInsertion));
            out.printf("ratio             median %.2fx (%.2f–%.2f)%n", Median.of(ratios.stream().mapToDouble(Double::doubleValue)), Collections.min(ratios),
                    Collections.max(ratios));
        }

        private static String mega(long flops) {
            return String.format("%.3f MFLOP", flops / 1e6);
        }
    }

    /** {@code ganforge bench inference}: p50/p99 latency of OrtSession.run per batch size. */
    @Command(name = "inference", sortOptions = false,
            description = "Times OrtSession.run on an exported generator for each batch size after a warm-up "
                    + "(a plain timed loop, not JMH).")
    public static final class Inference implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--from", required = true, paramLabel = "MODEL.onnx", description = "An exported generator.")
        Path model;

        @Option(names = "--batch-sizes", paramLabel = "N,N,...", split = ",", defaultValue = "1,8,64",
                description = "Default 1,8,64.")
        List<Integer> batchSizes;

        @Option(names = "--warmup", paramLabel = "N", defaultValue = "50", description = "Untimed runs per batch size (default 50).")
        int warmup;

        @Option(names = "--runs", paramLabel = "N", defaultValue = "500", description = "Timed runs per batch size (default 500).")
        int runs;

        @Option(names = "--labels", paramLabel = "N", defaultValue = "10",
                description = "Classes to draw labels from for a conditional generator (default 10).")
        int labels;

        @Option(names = "--callers", paramLabel = "N", defaultValue = "1",
                description = "Threads running the batch on the one session at the same time, --runs each "
                        + "(default 1: back to back).")
        int callers;

        @Option(names = "--intra-op-threads", paramLabel = "N", defaultValue = "0",
                description = "ORT intra-op threads of the session (default 0: ORT decides, one per core).")
        int intraOpThreads;

        @Option(names = "--spinning", paramLabel = "true|false", defaultValue = "true", arity = "1",
                description = "Let ORT's threads spin between operators (default true, ORT's own; the service "
                        + "turns it off).")
        boolean spinning;

        @Option(names = "--slices", paramLabel = "N", defaultValue = "1",
                description = "Split each batch of at least --min-sliced-batch samples into N slices run at the same "
                        + "time on a second session of cores/N intra-op threads, as generator-service does with "
                        + "ganforge.onnx.slices (default 1: every batch whole).")
        int slices;

        @Option(names = "--min-sliced-batch", paramLabel = "N", defaultValue = "8",
                description = "Smallest batch that is sliced (default 8, the service's).")
        int minSlicedBatch;

        @Override
        public Integer call() throws Exception {
            if (runs <= 0 || warmup < 0 || labels <= 0 || callers <= 0 || intraOpThreads < 0 || slices <= 0
                    || minSlicedBatch < 2 || batchSizes.stream().anyMatch(b -> b <= 0)) {
                throw new IllegalArgumentException("--runs, --labels, --callers, --slices and --batch-sizes must be "
                        + "positive, --min-sliced-batch at least 2, --warmup and --intra-op-threads not negative");
            }
            if (callers > 1 && slices > 1) {
                throw new IllegalArgumentException("--callers and --slices cannot be combined");
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(model);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("no such model file: " + model);
            }
            PrintWriter out = spec.commandLine().getOut();
            try (InferenceBenchmark bench = new InferenceBenchmark(bytes, labels, spinning, intraOpThreads, slices,
                    minSlicedBatch)) {
                out.printf("%s: %d warm-up + %d timed runs per batch size, %d caller(s), intra-op threads %s, "
                        + "spinning %s%s%n", model, warmup, runs, callers, intraOpThreads == 0 ? "ORT's choice"
                        : intraOpThreads, spinning ? "on" : "off", slices == 1 ? "" : ", " + bench.slicingDescription());
                out.printf("%6s %10s %10s %14s%n", "batch", "p50 ms", "p99 ms", "samples/s");
                for (int b : batchSizes) {
                    InferenceLatency r = slices > 1 ? bench.measureSliced(b, warmup, runs)
                            : bench.measure(b, warmup, runs, callers);
                    out.printf("%6d %10.3f %10.3f %14.1f%n", r.batchSize(), r.p50Millis(), r.p99Millis(),
                            r.samplesPerSecond());
                }
            }
            return 0;
        }
    }
}
