package dev.ganforge.trainer.bench;

import static dev.ganforge.shared.onnx.GeneratorSignature.LABEL_INPUT;
import static dev.ganforge.shared.onnx.GeneratorSignature.LATENT_INPUT;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Latency of a raw ONNX Runtime session on an exported generator, per batch size: the floor under what the
 * generator service can answer. Inputs are built once per batch size so only {@code OrtSession.run} is timed.
 * A plain timed loop with percentiles rather than JMH, to stay inside the CLI (see docs/benchmarks.md).
 */
public final class InferenceBenchmark implements AutoCloseable {

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final int latentSize;
    private final int labelCount;
    private final OrtSession sliced;
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
        this.slices = slices;
        this.minSlicedBatch = minSlicedBatch;
        this.sliceRunner = slices > 1 ? Executors.newFixedThreadPool(slices - 1) : null;
        try (OrtSession.SessionOptions options = sessionOptions(allowSpinning, intraOpThreads)) {
            this.session = environment.createSession(model, options);
            NodeInfo latent = session.getInputInfo().get(LATENT_INPUT);
            if (latent == null || !(latent.getInfo() instanceof TensorInfo tensor)
                    || tensor.getShape().length != 2 || tensor.getShape()[1] <= 0) {
                session.close();
                throw new IllegalArgumentException("not a ganforge generator: no input '" + LATENT_INPUT
                        + "' of shape [N, latent]");
            }
            this.latentSize = (int) tensor.getShape()[1];
            this.labelCount = session.getInputInfo().containsKey(LABEL_INPUT) ? labelCount : 0;
            if (slices > 1) {
                int sliceThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / slices);
                try (OrtSession.SessionOptions sliceOptions = sessionOptions(allowSpinning, sliceThreads)) {
                    this.sliced = environment.createSession(model, sliceOptions);
                }
            } else {
                this.sliced = null;
            }
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    private static OrtSession.SessionOptions sessionOptions(boolean allowSpinning, int intraOpThreads)
            throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        if (intraOpThreads > 0) {
            options.setIntraOpNumThreads(intraOpThreads);
        }
        if (!allowSpinning) {
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
        }
        return options;
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
     * leave idle (docs/benchmarks.md, "Levers tried"). Samples/s counts every caller's runs over the wall time.
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
        float[] z = new float[batchSize * latentSize];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
        }
        long[] labels = labelCount > 0 ? random.longs(batchSize, 0, labelCount).toArray() : null;
        List<Map<String, OnnxTensor>> inputs = new ArrayList<>();
        try {
            int from = 0;
            for (int i = 0; i < parts; i++) {
                int size = batchSize / parts + (i < batchSize % parts ? 1 : 0);
                inputs.add(inputs(z, labels, from, size));
                from += size;
            }
            Run run = parts == 1 ? () -> session.run(inputs.get(0)).close() : () -> runSliced(inputs);
            for (int i = 0; i < warmup; i++) {
                run.once();
            }
            long[] nanos = new long[runs * callers];
            long wall = callers == 1 ? timeRuns(run, nanos, 0, runs) : timeConcurrently(run, nanos, runs, callers);
            Arrays.sort(nanos);
            return new InferenceLatency(batchSize, runs * callers, percentile(nanos, 0.50) / 1e6,
                    percentile(nanos, 0.99) / 1e6, batchSize * (double) nanos.length / (wall / 1e9));
        } finally {
            inputs.forEach(slice -> slice.values().forEach(OnnxTensor::close));
        }
    }

    /** One timed unit: a run of the whole batch, or of all its slices. */
    private interface Run {
        void once() throws OrtException;
    }

    private Map<String, OnnxTensor> inputs(float[] z, long[] labels, int from, int count) throws OrtException {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        inputs.put(LATENT_INPUT, OnnxTensor.createTensor(environment,
                FloatBuffer.wrap(z, from * latentSize, count * latentSize).slice(), new long[] {count, latentSize}));
        if (labels != null) {
            inputs.put(LABEL_INPUT, OnnxTensor.createTensor(environment, LongBuffer.wrap(labels, from, count).slice(),
                    new long[] {count}));
        }
        return inputs;
    }

    /** As the service does it: the calling thread runs the first slice, the slice runner the others. */
    private void runSliced(List<Map<String, OnnxTensor>> parts) throws OrtException {
        List<Future<?>> others = new ArrayList<>();
        for (int i = 1; i < parts.size(); i++) {
            Map<String, OnnxTensor> part = parts.get(i);
            others.add(sliceRunner.submit(() -> {
                sliced.run(part).close();
                return null;
            }));
        }
        sliced.run(parts.get(0)).close();
        for (Future<?> other : others) {
            await(other);
        }
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
    public void close() throws OrtException {
        if (sliceRunner != null) {
            sliceRunner.shutdownNow();
        }
        if (sliced != null) {
            sliced.close();
        }
        session.close();
    }
}
