package dev.ganforge.bench.service;

import ai.onnxruntime.OrtException;
import dev.ganforge.shared.inference.GeneratorSession;
import dev.ganforge.shared.inference.SessionSettings;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.onnx.OnnxModelReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Latency of an exported generator run outside the service, per batch size: the floor under what the generator
 * service can answer. Each run goes through {@link GeneratorSession}, the code the service runs (latents copied in,
 * samples copied out), so the service is compared with the same run minus HTTP and batching.
 * A plain timed loop with percentiles rather than JMH, to stay inside the CLI (see docs/benchmarks.md).
 */
public final class InferenceBenchmark implements AutoCloseable {

    private final GeneratorSession session;
    private final ModelMetadata metadata;
    private final int labelCount;
    private final GeneratorSession sliced;
    private final int slices;
    private final int minSlicedBatch;
    private final ExecutorService sliceRunner;

    /**
     * @param labelCount classes to draw labels from for a conditional generator (ignored otherwise)
     * @throws IllegalArgumentException when the bytes are not a ganforge generator ONNX Runtime can load
     */
    public InferenceBenchmark(byte[] model, int labelCount) {
        this(model, labelCount, true);
    }

    /**
     * @param allowSpinning ORT's {@code session.intra_op/inter_op.allow_spinning}: true is ORT's default, false
     *                      what generator-service sets (so a comparison with the service uses its options)
     */
    public InferenceBenchmark(byte[] model, int labelCount, boolean allowSpinning) {
        this(model, labelCount, allowSpinning, 0);
    }

    /** @param intraOpThreads ORT's intra-op threads of the session; 0 lets ORT decide (its default) */
    public InferenceBenchmark(byte[] model, int labelCount, boolean allowSpinning, int intraOpThreads) {
        this(model, labelCount, allowSpinning, intraOpThreads, 1, Integer.MAX_VALUE);
    }

    /**
     * Drives the model the way generator-service does with {@code ganforge.onnx.slices}: batches of at least
     * {@code minSlicedBatch} samples are split into {@code slices} slices run at the same time on a second session of
     * cores ÷ slices intra-op threads; smaller batches run whole on the session.
     *
     * @param slices 1 = every batch whole
     */
    public InferenceBenchmark(byte[] model, int labelCount, boolean allowSpinning, int intraOpThreads, int slices,
                              int minSlicedBatch) {
        if (slices < 1) {
            throw new IllegalArgumentException("slices must be positive, got " + slices);
        }
        try {
            this.metadata = OnnxModelReader.read(model).ganforgeMetadata();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a ganforge generator: " + e.getMessage(), e);
        }
        this.slices = slices;
        this.minSlicedBatch = minSlicedBatch;
        this.labelCount = metadata.conditional() ? Math.min(labelCount, metadata.labelCount()) : 0;
        SessionSettings settings = new SessionSettings(intraOpThreads, 0,
                SessionSettings.DEFAULTS.optimizationLevel(), allowSpinning);
        int sliceThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / slices);
        this.session = open(model, metadata, settings);
        this.sliced = slices > 1 ? open(model, metadata, settings.withIntraOpThreads(sliceThreads)) : null;
        this.sliceRunner = slices > 1 ? Executors.newFixedThreadPool(slices - 1) : null;
    }

    private static GeneratorSession open(byte[] model, ModelMetadata metadata, SessionSettings settings) {
        try {
            return GeneratorSession.open(model, metadata, settings);
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    /** "batches of N or more in K slices", or "every batch whole". */
    public String slicingDescription() {
        return sliced == null ? "every batch whole" : "batches of " + minSlicedBatch + " or more in " + slices
                + " slices";
    }

    /** Whether this benchmark has a session for slices at all. */
    public boolean hasSlices() {
        return sliced != null;
    }

    /** Whether a batch of this size is sliced. */
    public boolean splits(int batchSize) {
        return sliced != null && batchSize >= minSlicedBatch;
    }

    /** Times {@code runs} runs of a batch of {@code batchSize} after {@code warmup} untimed ones. */
    public InferenceLatency measure(int batchSize, int warmup, int runs) throws OrtException {
        return measure(batchSize, warmup, runs, 1);
    }

    /**
     * As {@link #measure(int, int, int)}, with {@code callers} threads each running the batch on the one session
     * at the same time (ORT sessions take concurrent runs): two runs can fill the cores one run's serial stretches
     * leave idle (docs/benchmarks.md, "Raw ONNX Runtime"). Samples/s counts every caller's runs over the wall time.
     */
    public InferenceLatency measure(int batchSize, int warmup, int runs, int callers) throws OrtException {
        return measure(batchSize, warmup, runs, callers, 1);
    }

    /** As {@link #measure(int, int, int)}, but a batch the slicing {@link #splits} runs in its slices. */
    public InferenceLatency measureSliced(int batchSize, int warmup, int runs) throws OrtException {
        return measure(batchSize, warmup, runs, 1, splits(batchSize) ? Math.min(slices, batchSize) : 1);
    }

    private InferenceLatency measure(int batchSize, int warmup, int runs, int callers, int parts)
            throws OrtException {
        Random random = new Random(batchSize);
        float[] z = new float[batchSize * metadata.latentSize()];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
        }
        long[] labels = labelCount > 0 ? random.longs(batchSize, 0, labelCount).toArray() : null;
        // One output array per caller: concurrent callers must not write into each other's samples.
        ThreadLocal<float[]> samples = ThreadLocal.withInitial(() -> new float[batchSize * metadata.sampleSize()]);
        Run run = parts == 1 ? () -> session.generate(z, labels, 0, batchSize, samples.get())
                : () -> sliced.generateInSlices(z, labels, batchSize, samples.get(), parts, sliceRunner);
        for (int i = 0; i < warmup; i++) {
            run.once();
        }
        long[] nanos = new long[runs * callers];
        long wall = callers == 1 ? timeRuns(run, nanos, 0, runs) : timeConcurrently(run, nanos, runs, callers);
        Arrays.sort(nanos);
        return new InferenceLatency(batchSize, runs * callers, percentile(nanos, 0.50) / 1e6,
                percentile(nanos, 0.99) / 1e6, batchSize * (double) nanos.length / (wall / 1e9));
    }

    /** One timed unit: a run of the whole batch, or of all its slices. */
    private interface Run {
        void once() throws OrtException;
    }

    /** @return the wall time of the runs; each run's own time goes to {@code nanos[from..from+runs)} */
    private static long timeRuns(Run run, long[] nanos, int from, int runs) throws OrtException {
        long first = System.nanoTime();
        for (int i = from; i < from + runs; i++) {
            long start = System.nanoTime();
            run.once();
            nanos[i] = System.nanoTime() - start;
        }
        return System.nanoTime() - first;
    }

    private static long timeConcurrently(Run run, long[] nanos, int runs, int callers) throws OrtException {
        List<Callable<Long>> each = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int from = c * runs;
            each.add(() -> timeRuns(run, nanos, from, runs));
        }
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            long began = System.nanoTime();
            List<Future<Long>> all = pool.invokeAll(each);
            for (Future<Long> caller : all) {
                await(caller);
            }
            return System.nanoTime() - began;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while timing", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(Future<?> future) throws OrtException {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while timing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OrtException ort) {
                throw ort;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    @Override
    public void close() {
        if (sliceRunner != null) {
            sliceRunner.shutdownNow();
        }
        if (sliced != null) {
            sliced.close();
        }
        session.close();
    }
}
