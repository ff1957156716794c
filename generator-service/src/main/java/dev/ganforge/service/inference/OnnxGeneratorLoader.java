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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.LongStream;

/**
 * Loads ONNX bytes into an ORT session and refuses graphs that do not keep the generator contract: inputs
 * {@code z [N, latentSize]} float (plus {@code label [N]} int64 when conditional), output
 * {@code samples [N, outputShape...]} float, and a smoke run that yields finite values of that shape. With
 * {@link BatchSlicing} on, it also loads the session for slices and refuses a model whose sliced run disagrees with
 * its whole run.
 */
public final class OnnxGeneratorLoader implements GeneratorLoader {

    private static final int SMOKE_BATCH = 2;
    /** Largest difference between a sliced and a whole run of the same inputs (float rounding of other kernels). */
    static final float SLICE_TOLERANCE = 1e-4f;

    private final OrtEnvironment environment;
    private final SessionOptionsFactory options;
    private final BatchSlicing slicing;
    private final Executor sliceRunner;

    /** A loader that never slices: one session per model. */
    public OnnxGeneratorLoader(OrtEnvironment environment, SessionOptionsFactory options) {
        this(environment, options, BatchSlicing.none(), Runnable::run);
    }

    /** @param sliceRunner runs every slice of a sliced batch but the first (which the calling thread runs) */
    public OnnxGeneratorLoader(OrtEnvironment environment, SessionOptionsFactory options, BatchSlicing slicing,
                               Executor sliceRunner) {
        this.environment = environment;
        this.options = options;
        this.slicing = slicing;
        this.sliceRunner = sliceRunner;
    }

    @Override
    public Generator load(VerifiedRecord record) throws ModelRejectedException {
        ModelMetadata metadata = record.metadata();
        List<OrtSession> sessions = new ArrayList<>();
        try {
            OrtSession whole = createSession(record.onnx(), options);
            sessions.add(whole);
            checkSignature(whole, metadata);
            OrtSession sliced = null;
            if (slicing.enabled()) {
                sliced = createSession(record.onnx(), options.withIntraOpThreads(slicing.threadsPerSlice()));
                sessions.add(sliced);
            }
            OnnxGenerator generator = new OnnxGenerator(environment, whole, sliced, slicing, sliceRunner,
                    metadata.latentSize(), metadata.sampleSize());
            smokeTest(generator, metadata);
            if (slicing.enabled()) {
                sliceParityTest(generator, metadata);
            }
            return generator;
        } catch (ModelRejectedException | RuntimeException e) {
            sessions.forEach(OnnxGeneratorLoader::closeQuietly);
            throw e instanceof ModelRejectedException rejected ? rejected
                    : new ModelRejectedException("model failed its checks: " + e.getMessage(), e);
        }
    }

    private OrtSession createSession(byte[] onnx, SessionOptionsFactory factory) throws ModelRejectedException {
        try (OrtSession.SessionOptions sessionOptions = factory.create()) {
            return environment.createSession(onnx, sessionOptions);
        } catch (OrtException e) {
            throw new ModelRejectedException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
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
        float[] samples;
        try {
            samples = generator.generateWhole(latents, smokeLabels(metadata, SMOKE_BATCH), SMOKE_BATCH);
        } catch (Exception e) {
            throw new ModelRejectedException("smoke inference failed: " + e.getMessage(), e);
        }
        for (float value : samples) {
            if (!Float.isFinite(value)) {
                throw new ModelRejectedException("smoke inference produced a non-finite value (" + value + ")");
            }
        }
    }

    /** A sliced run must answer what the whole run answers, or the batch size would change the samples served. */
    private void sliceParityTest(OnnxGenerator generator, ModelMetadata metadata) throws ModelRejectedException {
        int count = slicing.minBatch();
        float[] latents = LatentSampler.sample(1, count, metadata);
        long[] labels = smokeLabels(metadata, count);
        float[] whole;
        float[] sliced;
        try {
            whole = generator.generateWhole(latents, labels, count);
            sliced = generator.generate(latents, labels, count);
        } catch (Exception e) {
            throw new ModelRejectedException("sliced smoke inference failed: " + e.getMessage(), e);
        }
        for (int i = 0; i < whole.length; i++) {
            if (!(Math.abs(whole[i] - sliced[i]) <= SLICE_TOLERANCE)) {
                throw new ModelRejectedException("a batch run in " + slicing.slices() + " slices gives " + sliced[i]
                        + " where the whole batch gives " + whole[i] + " (value " + i + ")");
            }
        }
    }

    private static long[] smokeLabels(ModelMetadata metadata, int count) {
        return metadata.conditional()
                ? LongStream.range(0, count).map(i -> i % metadata.labelCount()).toArray()
                : null;
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // Already failing with the more useful reason.
        }
    }
}
