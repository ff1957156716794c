package dev.ganforge.trainer.evaluate;

import dev.ganforge.shared.inference.GeneratorSession;
import dev.ganforge.shared.inference.SampleGenerator;
import dev.ganforge.shared.model.LatentSampler;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.onnx.OnnxModelReader;
import dev.ganforge.trainer.train.RunDirectory;
import dev.ganforge.trainer.train.TrainedGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generator under evaluation, whichever form it came in (a run directory's checkpoint through DJL, or an
 * exported {@code .onnx} through ONNX Runtime), described by the same {@link ModelMetadata} either way.
 *
 * @param metadata  how to feed it and read its output
 * @param generator turns latents (and labels) into samples in [0, 1]
 * @param datasetSpec the {@code --dataset} spec it was trained on, as {@code DatasetCatalog} accepts it
 * @param owner     native resources to release on close
 */
public record EvaluatedModel(ModelMetadata metadata, SampleGenerator generator, String datasetSpec,
                             AutoCloseable owner) implements AutoCloseable {

    private static final int BATCH = 256;

    /** Opens a run directory's latest checkpoint or an exported {@code .onnx} file. */
    public static EvaluatedModel open(Path from, boolean ema) throws IOException {
        if (Files.isDirectory(from)) {
            return of(RunDirectory.loadGenerator(from, ema));
        }
        if (!Files.isRegularFile(from)) {
            throw new IOException("no run directory or .onnx file at " + from);
        }
        byte[] bytes = Files.readAllBytes(from);
        ModelMetadata metadata;
        try {
            metadata = OnnxModelReader.read(bytes).ganforgeMetadata();
        } catch (IllegalArgumentException e) {
            throw new IOException(from + ": " + e.getMessage(), e);
        }
        GeneratorSession onnx;
        try {
            onnx = GeneratorSession.open(bytes, metadata);
        } catch (IllegalArgumentException e) {
            throw new IOException(from + ": " + e.getMessage(), e);
        }
        return new EvaluatedModel(metadata, onnx, datasetSpecOf(metadata.dataset()), onnx);
    }

    /** Wraps a generator loaded from a run; closing the result closes {@code trained}. */
    public static EvaluatedModel of(TrainedGenerator trained) {
        var arch = trained.architecture();
        ModelMetadata metadata = new ModelMetadata(null, arch.name(), arch.latentSize(), arch.latentDistribution().wireName(),
                arch.labelCount(), arch.labelCount() == 0 ? null : trained.labelNames(), arch.outputKind().wireName(),
                arch.sampleShape(), trained.dataset(), trained.datasetFingerprint(), trained.runId(), trained.step(),
                null, trained.manifest().ganforgeVersion(), null, arch.codes());
        return new EvaluatedModel(metadata, trained::generate, trained.manifest().config().dataset(), trained);
    }

    /**
     * {@code count} samples from latents drawn with {@code seed}; {@code labels} gives one class per sample
     * for conditional models and is ignored otherwise. Generated in batches to bound native memory.
     */
    public float[] draw(int count, long seed, int[] labels) {
        return draw(LatentSampler.sample(seed, count, metadata), labels);
    }

    /** Samples from the given latents ({@code count × latentSize}), in batches to bound native memory. */
    public float[] draw(float[] z, int[] labels) {
        int latent = metadata.latentSize();
        int size = metadata.sampleSize();
        int count = z.length / latent;
        float[] out = new float[count * size];
        for (int from = 0; from < count; from += BATCH) {
            int n = Math.min(BATCH, count - from);
            float[] zs = new float[n * latent];
            System.arraycopy(z, from * latent, zs, 0, zs.length);
            int[] ls = null;
            if (metadata.conditional()) {
                ls = new int[n];
                System.arraycopy(labels, from, ls, 0, n);
            }
            float[] batch = generator.generate(zs, ls);
            if (batch.length != n * size) {
                throw new IllegalStateException("the generator gave " + batch.length + " values for " + n
                        + " samples of " + metadata.outputShape());
            }
            System.arraycopy(batch, 0, out, from * size, batch.length);
        }
        return out;
    }

    /** Dataset ids of held-out or limited subsets ({@code mnist#held-out}) name their dataset first. */
    static String datasetSpecOf(String datasetId) {
        if (datasetId == null) {
            return null;
        }
        int hash = datasetId.indexOf('#');
        return hash < 0 ? datasetId : datasetId.substring(0, hash);
    }

    @Override
    public void close() throws Exception {
        owner.close();
    }
}
