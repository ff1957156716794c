package dev.ganforge.trainer.sample;

import static dev.ganforge.shared.onnx.GeneratorSignature.LABEL_INPUT;
import static dev.ganforge.shared.onnx.GeneratorSignature.LATENT_INPUT;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ganforge.shared.model.ModelMetadata;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Runs an exported ganforge generator in ONNX Runtime. */
public final class OnnxGenerator implements SampleGenerator, AutoCloseable {

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final ModelMetadata metadata;

    /**
     * @param metadata the model's own metadata (latent size, whether it takes labels)
     * @throws IllegalArgumentException when ONNX Runtime cannot load the bytes
     */
    public OnnxGenerator(byte[] model, ModelMetadata metadata) {
        this.metadata = metadata;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            this.session = environment.createSession(model, options);
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    @Override
    public float[] generate(float[] z, int[] labels) {
        int count = z.length / metadata.latentSize();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(LATENT_INPUT, OnnxTensor.createTensor(environment, FloatBuffer.wrap(z),
                    new long[] {count, metadata.latentSize()}));
            if (metadata.conditional()) {
                if (labels == null || labels.length != count) {
                    throw new IllegalArgumentException("a conditional generator needs one label per sample");
                }
                long[] wide = Arrays.stream(labels).asLongStream().toArray();
                inputs.put(LABEL_INPUT, OnnxTensor.createTensor(environment, LongBuffer.wrap(wide),
                        new long[] {count}));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                FloatBuffer buffer = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] values = new float[buffer.remaining()];
                buffer.get(values);
                return values;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run the generator: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
