package dev.ganforge.service.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.ganforge.service.model.Generator;
import dev.ganforge.service.model.GeneratorLoader;
import dev.ganforge.service.model.ModelRejectedException;
import dev.ganforge.service.model.VerifiedRecord;
import dev.ganforge.shared.model.LatentSampler;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.onnx.GeneratorSignature;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * Loads ONNX bytes into an ORT session and refuses graphs that do not keep the generator contract: inputs
 * {@code z [N, latentSize]} float (plus {@code label [N]} int64 when conditional), output
 * {@code samples [N, outputShape...]} float, and a smoke run that yields finite values of that shape.
 */
public final class OnnxGeneratorLoader implements GeneratorLoader {

    private static final int SMOKE_BATCH = 2;

    private final OrtEnvironment environment;
    private final SessionOptionsFactory options;

    public OnnxGeneratorLoader(OrtEnvironment environment, SessionOptionsFactory options) {
        this.environment = environment;
        this.options = options;
    }

    @Override
    public Generator load(VerifiedRecord record) throws ModelRejectedException {
        ModelMetadata metadata = record.metadata();
        OrtSession session;
        try (OrtSession.SessionOptions sessionOptions = options.create()) {
            session = environment.createSession(record.onnx(), sessionOptions);
        } catch (OrtException e) {
            throw new ModelRejectedException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
        try {
            checkSignature(session, metadata);
            OnnxGenerator generator = new OnnxGenerator(environment, session, metadata.latentSize(),
                    metadata.sampleSize());
            smokeTest(generator, metadata);
            return generator;
        } catch (ModelRejectedException | RuntimeException e) {
            closeQuietly(session);
            throw e instanceof ModelRejectedException rejected ? rejected
                    : new ModelRejectedException("model failed its checks: " + e.getMessage(), e);
        }
    }

    private static void checkSignature(OrtSession session, ModelMetadata metadata) throws ModelRejectedException {
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            List<String> expectedInputs = metadata.conditional()
                    ? List.of(GeneratorSignature.LATENT_INPUT, GeneratorSignature.LABEL_INPUT)
                    : List.of(GeneratorSignature.LATENT_INPUT);
            if (!inputs.keySet().equals(Set.copyOf(expectedInputs))) {
                throw new ModelRejectedException("graph inputs " + inputs.keySet() + " do not match "
                        + expectedInputs + (metadata.conditional() ? " (conditional model)" : " (unconditional model)"));
            }
            expectTensor(inputs, GeneratorSignature.LATENT_INPUT, OnnxJavaType.FLOAT, new long[] {metadata.latentSize()});
            if (metadata.conditional()) {
                expectTensor(inputs, GeneratorSignature.LABEL_INPUT, OnnxJavaType.INT64, new long[0]);
            }
            if (!outputs.containsKey(GeneratorSignature.OUTPUT)) {
                throw new ModelRejectedException("graph outputs " + outputs.keySet() + " lack '"
                        + GeneratorSignature.OUTPUT + "'");
            }
            long[] sampleDims = metadata.outputShape().stream().mapToLong(Integer::longValue).toArray();
            expectTensor(outputs, GeneratorSignature.OUTPUT, OnnxJavaType.FLOAT, sampleDims);
        } catch (OrtException e) {
            throw new ModelRejectedException("cannot read the graph's inputs and outputs: " + e.getMessage(), e);
        }
    }

    /** Checks element type and that the shape is {@code [batch, sampleDims...]}; symbolic dims (-1) match any size. */
    private static void expectTensor(Map<String, NodeInfo> values, String name, OnnxJavaType type, long[] sampleDims)
            throws ModelRejectedException {
        if (!(values.get(name).getInfo() instanceof TensorInfo tensor)) {
            throw new ModelRejectedException("'" + name + "' is not a tensor");
        }
        if (tensor.type != type) {
            throw new ModelRejectedException("'" + name + "' has element type " + tensor.type + ", expected " + type);
        }
        long[] shape = tensor.getShape();
        long[] expected = LongStream.concat(LongStream.of(-1), Arrays.stream(sampleDims)).toArray();
        boolean matches = shape.length == expected.length;
        for (int i = 1; matches && i < shape.length; i++) {
            matches = shape[i] < 0 || shape[i] == expected[i];
        }
        if (!matches) {
            throw new ModelRejectedException("'" + name + "' has shape " + Arrays.toString(shape)
                    + ", metadata implies [N, " + Arrays.toString(sampleDims).replaceAll("[\\[\\]]", "") + "]");
        }
    }

    private static void smokeTest(OnnxGenerator generator, ModelMetadata metadata) throws ModelRejectedException {
        float[] latents = LatentSampler.sample(0, SMOKE_BATCH, metadata);
        long[] labels = metadata.conditional()
                ? LongStream.range(0, SMOKE_BATCH).map(i -> i % metadata.labelCount()).toArray()
                : null;
        float[] samples;
        try {
            samples = generator.generate(latents, labels, SMOKE_BATCH);
        } catch (Exception e) {
            throw new ModelRejectedException("smoke inference failed: " + e.getMessage(), e);
        }
        for (float value : samples) {
            if (!Float.isFinite(value)) {
                throw new ModelRejectedException("smoke inference produced a non-finite value (" + value + ")");
            }
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // Already failing with the more useful reason.
        }
    }
}
