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
import java.util.HashMap;
import java.util.Map;

/** A generator graph in an ONNX Runtime session; ORT sessions are safe to run from many threads at once. */
public final class OnnxGenerator implements Generator {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final int latentSize;
    private final int sampleSize;

    OnnxGenerator(OrtEnvironment environment, OrtSession session, int latentSize, int sampleSize) {
        this.environment = environment;
        this.session = session;
        this.latentSize = latentSize;
        this.sampleSize = sampleSize;
    }

    @Override
    public float[] generate(float[] latents, long[] labels, int count) throws OrtException {
        if (latents.length != count * latentSize) {
            throw new IllegalArgumentException("expected " + count * latentSize + " latent values, got "
                    + latents.length);
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(GeneratorSignature.LATENT_INPUT, OnnxTensor.createTensor(environment, FloatBuffer.wrap(latents),
                    new long[] {count, latentSize}));
            if (labels != null) {
                inputs.put(GeneratorSignature.LABEL_INPUT, OnnxTensor.createTensor(environment, LongBuffer.wrap(labels),
                        new long[] {count}));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                OnnxValue value = result.get(GeneratorSignature.OUTPUT)
                        .orElseThrow(() -> new IllegalStateException("graph produced no '" + GeneratorSignature.OUTPUT + "'"));
                FloatBuffer buffer = ((OnnxTensor) value).getFloatBuffer();
                float[] samples = new float[buffer.remaining()];
                buffer.get(samples);
                if (samples.length != count * sampleSize) {
                    throw new IllegalStateException("graph produced " + samples.length + " values for " + count
                            + " samples of " + sampleSize);
                }
                return samples;
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing ONNX Runtime session failed", e);
        }
    }
}
