package dev.ganforge.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.ganforge.shared.model.LatentCodes;
import dev.ganforge.shared.model.LatentSampler;
import dev.ganforge.shared.render.CurvePlotRenderer;
import dev.ganforge.shared.render.SampleGridRenderer;
import dev.ganforge.trainer.nn.GanArchitecture;
import dev.ganforge.trainer.nn.OutputActivation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code samples/epoch-NNN.png}: the generator's output on one fixed batch of noise (dcgan/main.py's
 * {@code fixed_noise}), drawn once from the run seed, so grids are comparable across epochs and across a resume.
 * A conditional model's grid has one column per class; InfoGAN's one row per category, c1 sweeping −1 → 1 along it
 * over one noise, as the service's /sweep draws.
 */
final class EpochSamples {

    /**
     * Samples in each epoch's grid; a conditional model's grid rounds up to whole rows of one sample per class.
     */
    static final int GRID_SAMPLES = 64;
    /** Samples along each category's row of an InfoGAN grid. */
    static final int SWEEP_STEPS = 8;

    private final GanArchitecture arch;
    private final Path dir;
    private final int columns;
    private final int count;
    private final float[] fixedNoise;
    private final long[] fixedLabels;

    EpochSamples(GanArchitecture arch, long seed, Path runDir) {
        this.arch = arch;
        this.dir = runDir.resolve(RunDirectory.SAMPLES);
        LatentCodes codes = arch.codes();
        String distribution = arch.latentDistribution().wireName();
        this.columns = codes != null ? SWEEP_STEPS : arch.conditional() ? arch.labelCount() : 8;
        this.count = codes != null ? codes.categories() * SWEEP_STEPS
                : SampleGridRenderer.wholeRows(GRID_SAMPLES, columns);
        this.fixedNoise = codes != null
                ? codes.sweep(LatentSampler.sample(seed, 1, arch.latentSize(), distribution, codes),
                        arch.latentSize(), null, 1, SWEEP_STEPS)
                : LatentSampler.sample(seed, count, arch.latentSize(), distribution);
        this.fixedLabels = new long[arch.conditional() ? count : 0];
        for (int i = 0; i < fixedLabels.length; i++) {
            fixedLabels[i] = i % arch.labelCount();
        }
    }

    /** Draws the grid of {@code epoch} with the networks' sampling generator; returns the file. */
    Path write(Networks nets, int epoch) throws IOException {
        float[] out;
        try (NDManager scope = nets.manager.newSubManager()) {
            NDList in = new NDList(scope.create(fixedNoise, new Shape(count, arch.latentSize())));
            if (arch.conditional()) {
                in.add(scope.create(fixedLabels));
            }
            NDArray samples = nets.sampler().forward(nets.store, in, false).singletonOrThrow();
            if (arch.outputActivation() == OutputActivation.TANH) {
                samples = samples.add(1).div(2);
            }
            out = samples.toFloatArray();
        }
        List<Integer> shape = arch.sampleShape();
        byte[] png = shape.size() == 3
                ? new SampleGridRenderer(columns, 2).render(out, count, shape.get(0), shape.get(1), shape.get(2))
                : new CurvePlotRenderer().render(out, count, shape.get(0),
                        CurvePlotRenderer.artistBounds(shape.get(0)));
        Path file = Files.createDirectories(dir).resolve(String.format("epoch-%03d.png", epoch));
        Files.write(file, png);
        return file;
    }
}
