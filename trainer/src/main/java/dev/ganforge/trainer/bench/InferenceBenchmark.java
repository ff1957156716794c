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
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            if (!allowSpinning) {
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                options.addConfigEntry("session.inter_op.allow_spinning", "0");
            }
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
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
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
        Random random = new Random(batchSize);
        float[] z = new float[batchSize * latentSize];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(LATENT_INPUT, OnnxTensor.createTensor(environment, FloatBuffer.wrap(z),
                    new long[] {batchSize, latentSize}));
            if (labelCount > 0) {
                long[] labels = random.longs(batchSize, 0, labelCount).toArray();
                inputs.put(LABEL_INPUT, OnnxTensor.createTensor(environment, LongBuffer.wrap(labels),
                        new long[] {batchSize}));
            }
            for (int i = 0; i < warmup; i++) {
                session.run(inputs).close();
            }
            long[] nanos = new long[runs * callers];
            long wall = callers == 1 ? timeRuns(inputs, nanos, 0, runs)
                    : timeConcurrently(inputs, nanos, runs, callers);
            Arrays.sort(nanos);
            return new InferenceLatency(batchSize, runs * callers, percentile(nanos, 0.50) / 1e6,
                    percentile(nanos, 0.99) / 1e6, batchSize * (double) nanos.length / (wall / 1e9));
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** @return the wall time of the runs; each run's own time goes to {@code nanos[from..from+runs)} */
    private long timeRuns(Map<String, OnnxTensor> inputs, long[] nanos, int from, int runs) throws OrtException {
        long first = System.nanoTime();
        for (int i = from; i < from + runs; i++) {
            long start = System.nanoTime();
            session.run(inputs).close();
            nanos[i] = System.nanoTime() - start;
        }
        return System.nanoTime() - first;
    }

    private long timeConcurrently(Map<String, OnnxTensor> inputs, long[] nanos, int runs, int callers)
            throws OrtException {
        List<Callable<Long>> each = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int from = c * runs;
            each.add(() -> timeRuns(inputs, nanos, from, runs));
        }
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            long began = System.nanoTime();
            for (Future<Long> caller : pool.invokeAll(each)) {
                caller.get();
            }
            return System.nanoTime() - began;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while timing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OrtException ort) {
                throw ort;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
