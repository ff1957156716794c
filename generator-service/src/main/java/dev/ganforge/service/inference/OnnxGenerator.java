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
 * A generator graph in ONNX Runtime: one session for whole batches and, when {@link Sharding} is on, shard sessions
 * that run slices of a large batch side by side (the calling thread runs the first slice, {@code shardRunner} the
 * others). ORT sessions are safe to run from many threads at once, so this is too.
 */
public final class OnnxGenerator implements Generator {

    private final OrtEnvironment environment;
    private final OrtSession whole;
    private final List<OrtSession> shards;
    private final Sharding sharding;
    private final Executor shardRunner;
    private final int latentSize;
    private final int sampleSize;

    OnnxGenerator(OrtEnvironment environment, OrtSession whole, List<OrtSession> shards, Sharding sharding,
                  Executor shardRunner, int latentSize, int sampleSize) {
        if (sharding.enabled() && shards.size() != sharding.shards()) {
            throw new IllegalArgumentException(sharding.shards() + " shards planned, " + shards.size() + " sessions");
        }
        this.environment = environment;
        this.whole = whole;
        this.shards = List.copyOf(shards);
        this.sharding = sharding;
        this.shardRunner = shardRunner;
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
        if (sharding.splits(count)) {
            runSharded(latents, labels, count, samples);
        } else {
            run(whole, latents, labels, 0, count, samples);
        }
        return samples;
    }

    /** Runs the whole batch on the whole-batch session only: the reference the shards are checked against. */
    float[] generateWhole(float[] latents, long[] labels, int count) throws OrtException {
        float[] samples = new float[count * sampleSize];
        run(whole, latents, labels, 0, count, samples);
        return samples;
    }

    private void runSharded(float[] latents, long[] labels, int count, float[] samples) throws OrtException {
        List<CompletableFuture<Void>> others = new ArrayList<>();
        int first = sharding.sliceSize(count, 0);
        int from = first;
        for (int i = 1; i < shards.size(); i++) {
            int size = sharding.sliceSize(count, i);
            if (size == 0) {
                break;
            }
            OrtSession shard = shards.get(i);
            int start = from;
            others.add(CompletableFuture.runAsync(() -> {
                try {
                    run(shard, latents, labels, start, size, samples);
                } catch (OrtException e) {
                    throw new CompletionException(e);
                }
            }, shardRunner));
            from += size;
        }
        Throwable failure = null;
        try {
            run(shards.get(0), latents, labels, 0, first, samples);
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
        OrtException failure = null;
        for (OrtSession session : sessions()) {
            try {
                session.close();
            } catch (OrtException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw new IllegalStateException("closing ONNX Runtime session failed", failure);
        }
    }

    private List<OrtSession> sessions() {
        List<OrtSession> all = new ArrayList<>(shards);
        all.add(0, whole);
        return all;
    }
}
