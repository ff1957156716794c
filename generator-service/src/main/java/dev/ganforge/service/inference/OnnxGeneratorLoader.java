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
import java.util.concurrent.Executor;
import java.util.stream.LongStream;
import org.jboss.logging.Logger;

/**
 * Loads ONNX bytes into an ORT session and refuses graphs that do not keep the generator contract: inputs
 * {@code z [N, latentSize]} float (plus {@code label [N]} int64 when conditional), output
 * {@code samples [N, outputShape...]} float, and a smoke run that yields finite values of that shape. With
 * {@link BatchSlicing} on, the session for slices loads afterwards, in the background, so a new version serves (whole)
 * as soon as its own checks pass; it is attached only if its sliced runs agree with the whole ones.
 */
public final class OnnxGeneratorLoader implements GeneratorLoader {

    private static final Logger LOG = Logger.getLogger(OnnxGeneratorLoader.class);
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

    /**
     * @param sliceRunner runs every slice of a sliced batch but the first (which the calling thread runs), and
     *                    loads the sessions for slices
     */
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
        OrtSession whole = createSession(record.onnx(), options);
        try {
            checkSignature(whole, metadata);
            OnnxGenerator generator = new OnnxGenerator(environment, whole, slicing, sliceRunner,
                    metadata.latentSize(), metadata.sampleSize());
            smokeTest(generator, metadata);
            if (slicing.enabled()) {
                // Off the swap's path: a second session of a 28 MB model doubled the time to the first answer.
                sliceRunner.execute(() -> attachSlices(generator, record));
            }
            return generator;
        } catch (ModelRejectedException | RuntimeException e) {
            closeQuietly(whole);
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

    /**
     * Loads the session for slices and attaches it if sliced runs answer what whole runs answer (or the batch size
     * would change the samples served); on any failure the generator keeps running every batch whole.
     */
    private void attachSlices(OnnxGenerator generator, VerifiedRecord record) {
        String model = record.name() + " version " + record.version();
        OrtSession session;
        try {
            session = createSession(record.onnx(), options.withIntraOpThreads(slicing.threadsPerSlice()));
        } catch (ModelRejectedException | RuntimeException e) {
            LOG.warnf("%s runs every batch whole: its session for slices failed to load: %s", model, e.getMessage());
            return;
        }
        boolean attached = false;
        try {
            attached = generator.ifOpen(() -> {
                String disagreement = sliceDisagreement(generator, session, record.metadata());
                if (disagreement != null) {
                    LOG.warnf("%s runs every batch whole: %s", model, disagreement);
                    return false;
                }
                generator.attachSliced(session);
                LOG.debugf("%s runs batches of %d or more in %d slices", model, slicing.minBatch(), slicing.slices());
                return true;
            }).orElse(false);
        } catch (OrtException | RuntimeException e) {
            LOG.warnf("%s runs every batch whole: its sliced smoke run failed: %s", model, e.getMessage());
        } finally {
            if (!attached) {
                closeQuietly(session);
            }
        }
    }

    /** @return null when a sliced run gives the whole run's values, else what differs */
    private String sliceDisagreement(OnnxGenerator generator, OrtSession session, ModelMetadata metadata)
            throws OrtException {
        int count = slicing.minBatch();
        float[] latents = LatentSampler.sample(1, count, metadata);
        long[] labels = smokeLabels(metadata, count);
        float[] whole = generator.generateWhole(latents, labels, count);
        float[] sliced = generator.generateSliced(session, latents, labels, count);
        for (int i = 0; i < whole.length; i++) {
            if (!(Math.abs(whole[i] - sliced[i]) <= SLICE_TOLERANCE)) {
                return "a batch in " + slicing.slices() + " slices gives " + sliced[i] + " where the whole batch gives "
                        + whole[i] + " (value " + i + ")";
            }
        }
        return null;
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
