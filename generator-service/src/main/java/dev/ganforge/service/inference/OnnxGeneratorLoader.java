package dev.ganforge.service.inference;

import ai.onnxruntime.OrtException;
import dev.ganforge.service.model.Generator;
import dev.ganforge.service.model.GeneratorLoader;
import dev.ganforge.service.model.ModelRejectedException;
import dev.ganforge.service.model.VerifiedRecord;
import dev.ganforge.shared.inference.GeneratorSession;
import dev.ganforge.shared.inference.SessionSettings;
import dev.ganforge.shared.model.LatentSampler;
import dev.ganforge.shared.model.ModelMetadata;
import java.util.concurrent.Executor;
import java.util.stream.LongStream;
import org.jboss.logging.Logger;

/**
 * Loads ONNX bytes into a {@link GeneratorSession} and refuses graphs that do not keep the generator contract (the
 * session checks inputs and output against the metadata) or whose smoke run yields non-finite values. With
 * {@link BatchSlicing} on, the session for slices loads afterwards, in the background, so a new version serves (whole)
 * as soon as its own checks pass; it is attached only if its sliced runs agree with the whole ones.
 */
public final class OnnxGeneratorLoader implements GeneratorLoader {

    private static final Logger LOG = Logger.getLogger(OnnxGeneratorLoader.class);
    private static final int SMOKE_BATCH = 2;
    /** Largest difference between a sliced and a whole run of the same inputs (float rounding of other kernels). */
    static final float SLICE_TOLERANCE = 1e-4f;

    private final SessionSettings settings;
    private final BatchSlicing slicing;
    private final Executor sliceRunner;

    /** A loader that never slices: one session per model. */
    public OnnxGeneratorLoader(SessionSettings settings) {
        this(settings, BatchSlicing.none(), Runnable::run);
    }

    /**
     * @param sliceRunner runs every slice of a sliced batch but the first (which the calling thread runs), and
     *                    loads the sessions for slices
     */
    public OnnxGeneratorLoader(SessionSettings settings, BatchSlicing slicing, Executor sliceRunner) {
        this.settings = settings;
        this.slicing = slicing;
        this.sliceRunner = sliceRunner;
    }

    @Override
    public Generator load(VerifiedRecord record) throws ModelRejectedException {
        ModelMetadata metadata = record.metadata();
        GeneratorSession whole = open(record, settings);
        try {
            OnnxGenerator generator = new OnnxGenerator(whole, slicing, sliceRunner);
            smokeTest(generator, metadata);
            if (slicing.enabled()) {
                // Off the swap's path: loading a second session first delays the first answer (docs/benchmarks.md,
                // Hot-swap).
                sliceRunner.execute(() -> attachSlices(generator, record));
            }
            return generator;
        } catch (ModelRejectedException | RuntimeException e) {
            whole.close();
            throw e instanceof ModelRejectedException rejected ? rejected
                    : new ModelRejectedException("model failed its checks: " + e.getMessage(), e);
        }
    }

    private static GeneratorSession open(VerifiedRecord record, SessionSettings settings)
            throws ModelRejectedException {
        try {
            return GeneratorSession.open(record.onnx(), record.metadata(), settings);
        } catch (OrtException e) {
            throw new ModelRejectedException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ModelRejectedException(e.getMessage(), e);
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
        GeneratorSession session;
        try {
            session = open(record, settings.withIntraOpThreads(slicing.threadsPerSlice()));
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
                session.close();
            }
        }
    }

    /** @return null when a sliced run gives the whole run's values, else what differs */
    private String sliceDisagreement(OnnxGenerator generator, GeneratorSession session, ModelMetadata metadata)
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
}
