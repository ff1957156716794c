package dev.ganforge.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.shared.model.LatentSampler;
import dev.ganforge.trainer.data.CurveFit;
import dev.ganforge.trainer.data.CurvesData;
import dev.ganforge.trainer.data.DatasetCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed 004: G must learn to paint parabolas a·x² + (a − 1) with a spread over [1, 2], not one curve. */
class CurvesTrainingTest {

    @TempDir
    Path tmp;

    @Test
    void generatorLearnsTheFamilyOfParabolasWithoutCollapsing() throws Exception {
        // 800 steps at lr 1e-3, β₁ 0.5 reach median residual ≈ 0.03, std a ≈ 0.34; one step gives residual 0.6, a ≈ 0.7.
        TrainConfig config = TrainConfig.fromOptions(Map.of("arch", "curves", "steps", "800", "lr-g", "1e-3",
                "lr-d", "1e-3", "beta1-g", "0.5", "beta1-d", "0.5", "seed", "7"));
        Path runDir = tmp.resolve("curves");
        TrainingRun run = new GanTrainer(new DatasetCatalog(tmp)).train(config, runDir, TrainingListener.NONE);
        assertEquals(800, run.step());

        int n = 500;
        double[] as = new double[n];
        double[] residuals = new double[n];
        try (TrainedGenerator g = RunDirectory.loadGenerator(runDir, false)) {
            float[] curves = g.generate(LatentSampler.sample(99, n, 5, "normal"), null);
            for (int i = 0; i < n; i++) {
                CurveFit fit = CurvesData.fit(curves, i);
                as[i] = fit.a();
                residuals[i] = fit.rmsResidual();
            }
        }
        double meanA = Arrays.stream(as).average().orElseThrow();
        double stdA = Math.sqrt(Arrays.stream(as).map(a -> (a - meanA) * (a - meanA)).average().orElseThrow());
        double medianResidual = Arrays.stream(residuals).sorted().toArray()[n / 2];
        long plausible = Arrays.stream(as).filter(a -> a > 0.85 && a < 2.15).count();
        String summary = "mean a " + meanA + ", std a " + stdA + ", median residual " + medianResidual
                + ", plausible " + plausible + "/" + n;
        assertTrue(medianResidual < 0.2, "curves are not parabolas of the family: " + summary);
        assertTrue(plausible > 0.9 * n, "a outside [1, 2]: " + summary);
        assertTrue(meanA > 1.2 && meanA < 1.8, summary);
        assertTrue(stdA > 0.1, "mode collapse (uniform a has std 0.29): " + summary);

        assertTrue(Files.exists(runDir.resolve("metrics.csv")));
        assertTrue(Files.exists(runDir.resolve("loss.png")));
        assertTrue(Files.exists(runDir.resolve("run.json")));
    }

    /**
     * Learning rates far too large turn the losses into NaN within a few steps. The run stops there with one line
     * that says so, instead of training on NaN to the end and overwriting its checkpoints with it: the checkpoint it
     * keeps is the last one written before, whose weights are numbers.
     */
    @Test
    void aDivergingRunStopsAndKeepsItsLastFiniteCheckpoint() throws Exception {
        TrainConfig config = TrainConfig.fromOptions(Map.of("arch", "curves", "steps", "400", "lr-g", "1e18",
                "lr-d", "1e18", "seed", "7", "checkpoint-every", "1"));
        Path runDir = tmp.resolve("diverging");

        TrainingDivergedException diverged = assertThrows(TrainingDivergedException.class,
                () -> new GanTrainer(new DatasetCatalog(tmp)).train(config, runDir, TrainingListener.NONE));

        assertTrue(diverged.getMessage().startsWith("training diverged at iteration " + diverged.step()),
                diverged.getMessage());
        assertTrue(diverged.step() < 400, diverged.getMessage());
        assertEquals(diverged.step() - 1, diverged.lastCheckpoint(), "one checkpoint per iteration until then");
        RunDirectory dir = new RunDirectory(runDir);
        assertEquals(diverged.lastCheckpoint(), dir.readState(dir.latestCheckpoint().orElseThrow()).step());
        assertTrue(diverged.lastCheckpoint() > 0, "these rates keep a step or two finite: " + diverged.getMessage());
        try (TrainedGenerator g = RunDirectory.loadGenerator(runDir, false)) {
            float[] curves = g.generate(LatentSampler.sample(1, 8, 5, "normal"), null);
            assertTrue(Arrays.stream(toDoubles(curves)).allMatch(Double::isFinite), "the kept weights are numbers");
        }
    }

    private static double[] toDoubles(float[] values) {
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        return doubles;
    }
}
