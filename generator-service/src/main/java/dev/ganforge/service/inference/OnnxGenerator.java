package dev.ganforge.service.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ganforge.service.model.Generator;
import dev.ganforge.shared.onnx.GeneratorSignature;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * A generator graph in ONNX Runtime: one session for whole batches and, when {@link BatchSlicing} is on and the
 * loader has attached it, a second one with fewer intra-op threads on which the slices of a large batch run side by
 * side (the calling thread runs the first slice, {@code sliceRunner} the others). Until then every batch runs whole.
 * ORT sessions are safe to run from many threads at once, so this is too.
 */
public final class OnnxGenerator implements Generator {

    private final OrtEnvironment environment;
    private final OrtSession whole;
    /** Set once by {@link #attachSliced}; null until then, and for good when slicing is off. */
    private volatile OrtSession sliced;
    private boolean closed;
    private final BatchSlicing slicing;
    private final Executor sliceRunner;
    private final int latentSize;
    private final int sampleSize;

    OnnxGenerator(OrtEnvironment environment, OrtSession whole, BatchSlicing slicing, Executor sliceRunner,
                  int latentSize, int sampleSize) {
        this.environment = environment;
        this.whole = whole;
        this.slicing = slicing;
        this.sliceRunner = sliceRunner;
        this.latentSize = latentSize;
        this.sampleSize = sampleSize;
    }

    @Override
    public float[] generate(float[] latents, long[] labels, int count) throws OrtException {
        if (latents.length != count * latentSize) {
            throw new IllegalArgumentException("expected " + count * latentSize + " latent values, got "
                    + latents.length);
        }
        float[] samples = new float[count * sampleSize];
        OrtSession slices = sliced;
        if (slices != null && slicing.splits(count)) {
            runSliced(slices, latents, labels, count, samples);
        } else {
            run(whole, latents, labels, 0, count, samples);
        }
        return samples;
    }

    /** Runs the batch whole, never sliced: the reference slices are checked against. */
    float[] generateWhole(float[] latents, long[] labels, int count) throws OrtException {
        float[] samples = new float[count * sampleSize];
        run(whole, latents, labels, 0, count, samples);
        return samples;
    }

    /** Runs the batch in slices on {@code candidate}, a session not attached yet: the loader's parity check. */
    float[] generateSliced(OrtSession candidate, float[] latents, long[] labels, int count) throws OrtException {
        float[] samples = new float[count * sampleSize];
        runSliced(candidate, latents, labels, count, samples);
        return samples;
    }

    /** Work on this generator's sessions outside a lease. */
    interface SessionWork<T> {
        T run() throws OrtException;
    }

    /**
     * Runs {@code work} unless this generator is closed, and holds {@link #close} off until it is done: the loader's
     * check of a session for slices runs while the version already serves and holds no lease.
     *
     * @return what {@code work} returned; empty when the generator was closed and {@code work} did not run
     */
    synchronized <T> Optional<T> ifOpen(SessionWork<T> work) throws OrtException {
        return closed ? Optional.empty() : Optional.of(work.run());
    }

    /** From now on large batches run in slices on {@code session}, which this generator then closes. */
    synchronized void attachSliced(OrtSession session) {
        if (closed || sliced != null) {
            throw new IllegalStateException(closed ? "generator closed" : "slices attached already");
        }
        sliced = session;
    }

    /** Whether large batches run in slices yet. */
    boolean sliced() {
        return sliced != null;
    }

    private void runSliced(OrtSession slices, float[] latents, long[] labels, int count, float[] samples)
            throws OrtException {
        List<CompletableFuture<Void>> others = new ArrayList<>();
        int first = slicing.sliceSize(count, 0);
        int from = first;
        for (int i = 1; i < slicing.slices(); i++) {
            int size = slicing.sliceSize(count, i);
            if (size == 0) {
                break;
            }
            int start = from;
            others.add(CompletableFuture.runAsync(() -> {
                try {
                    run(slices, latents, labels, start, size, samples);
                } catch (OrtException e) {
                    throw new CompletionException(e);
                }
            }, sliceRunner));
            from += size;
        }
        Throwable failure = null;
        try {
            run(slices, latents, labels, 0, first, samples);
        } catch (OrtException | RuntimeException e) {
            failure = e;
        }
        // Every slice must be finished before the caller may reuse or return the arrays they write into.
        for (CompletableFuture<Void> other : others) {
            try {
                other.join();
            } catch (CompletionException e) {
                failure = failure != null ? failure : e.getCause();
            }
        }
        if (failure instanceof OrtException ort) {
            throw ort;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
    }

    /** Runs samples {@code [from, from + count)} on {@code session}, writing their outputs at the same place. */
    private void run(OrtSession session, float[] latents, long[] labels, int from, int count, float[] samples)
            throws OrtException {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(GeneratorSignature.LATENT_INPUT, OnnxTensor.createTensor(environment,
                    FloatBuffer.wrap(latents, from * latentSize, count * latentSize).slice(),
                    new long[] {count, latentSize}));
            if (labels != null) {
                inputs.put(GeneratorSignature.LABEL_INPUT, OnnxTensor.createTensor(environment,
                        LongBuffer.wrap(labels, from, count).slice(), new long[] {count}));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                OnnxValue value = result.get(GeneratorSignature.OUTPUT)
                        .orElseThrow(() -> new IllegalStateException("graph produced no '" + GeneratorSignature.OUTPUT + "'"));
                FloatBuffer buffer = ((OnnxTensor) value).getFloatBuffer();
                if (buffer.remaining() != count * sampleSize) {
                    throw new IllegalStateException("graph produced " + buffer.remaining() + " values for " + count
                            + " samples of " + sampleSize);
                }
                buffer.get(samples, from * sampleSize, count * sampleSize);
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            whole.close();
            if (sliced != null) {
                sliced.close();
            }
        } catch (OrtException e) {
            throw new IllegalStateException("closing ONNX Runtime session failed", e);
        }
    }
}
