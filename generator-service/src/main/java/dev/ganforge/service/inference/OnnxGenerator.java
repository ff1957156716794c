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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * A generator graph in ONNX Runtime: one session for whole batches and, when {@link BatchSlicing} is on, a second
 * one with fewer intra-op threads on which the slices of a large batch run side by side (the calling thread runs
 * the first slice, {@code sliceRunner} the others). ORT sessions are safe to run from many threads at once, so this
 * is too.
 */
public final class OnnxGenerator implements Generator {

    private final OrtEnvironment environment;
    private final OrtSession whole;
    private final OrtSession sliced;
    private final BatchSlicing slicing;
    private final Executor sliceRunner;
    private final int latentSize;
    private final int sampleSize;

    /** @param sliced the session slices run on; null when {@code slicing} is off */
    OnnxGenerator(OrtEnvironment environment, OrtSession whole, OrtSession sliced, BatchSlicing slicing,
                  Executor sliceRunner, int latentSize, int sampleSize) {
        if (slicing.enabled() == (sliced == null)) {
            throw new IllegalArgumentException("a session for slices exactly when slicing is on");
        }
        this.environment = environment;
        this.whole = whole;
        this.sliced = sliced;
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
        if (slicing.splits(count)) {
            runSliced(latents, labels, count, samples);
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

    private void runSliced(float[] latents, long[] labels, int count, float[] samples) throws OrtException {
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
                    run(sliced, latents, labels, start, size, samples);
                } catch (OrtException e) {
                    throw new CompletionException(e);
                }
            }, sliceRunner));
            from += size;
        }
        Throwable failure = null;
        try {
            run(sliced, latents, labels, 0, first, samples);
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
    public void close() {
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
