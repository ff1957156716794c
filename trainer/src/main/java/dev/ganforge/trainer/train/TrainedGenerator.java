package dev.ganforge.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.ganforge.trainer.nn.GanArchitecture;
import dev.ganforge.trainer.nn.OutputActivation;
import java.util.List;

/**
 * A trained generator loaded from a run directory, with what exporters and samplers need to describe it. Owns
 * the native memory of its weights: close it.
 *
 * @param architecture the architecture (block vocabulary, latent, output activation)
 * @param generator    the block, parameters loaded; call it with {@code training = false}
 * @param manager      owns the parameters
 * @param manifest     the run's {@code run.json} (dataset id, fingerprint, run id, label names, config)
 * @param step         iterations at the checkpoint (its directory's number and metrics.csv's step), not G
 *                     updates, which are twice as many for architectures updating G twice per iteration
 * @param ema          whether these are the EMA weights
 */
public record TrainedGenerator(GanArchitecture architecture, Block generator, NDManager manager,
                               RunManifest manifest, long step, boolean ema) implements AutoCloseable {

    public String runId() {
        return manifest.runId();
    }

    public String dataset() {
        return manifest.dataset();
    }

    public String datasetFingerprint() {
        return manifest.datasetFingerprint();
    }

    public List<String> labelNames() {
        return manifest.labelNames();
    }

    /**
     * Generates {@code z.length / latentSize} samples, row-major; images are in [0, 1] (tanh outputs mapped by
     * (x + 1) / 2), curves as produced.
     *
     * @param labels one class per sample for conditional generators, ignored (may be null) otherwise
     */
    public float[] generate(float[] z, int[] labels) {
        int latent = architecture.latentSize();
        int count = z.length / latent;
        try (NDManager scope = manager.newSubManager()) {
            NDList inputs = new NDList(scope.create(z, new Shape(count, latent)));
            if (architecture.conditional()) {
                if (labels == null || labels.length != count) {
                    throw new IllegalArgumentException("a conditional generator needs one label per sample");
                }
                long[] wide = new long[count];
                for (int i = 0; i < count; i++) {
                    if (labels[i] < 0 || labels[i] >= architecture.labelCount()) {
                        throw new IllegalArgumentException("label " + labels[i] + " outside 0.."
                                + (architecture.labelCount() - 1));
                    }
                    wide[i] = labels[i];
                }
                inputs.add(scope.create(wide));
            }
            NDArray out = generator.forward(new ParameterStore(scope, false), inputs, false).singletonOrThrow();
            if (architecture.outputActivation() == OutputActivation.TANH) {
                out = out.add(1).div(2);
            }
            return out.toFloatArray();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
