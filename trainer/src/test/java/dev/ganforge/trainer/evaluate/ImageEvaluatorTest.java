package dev.ganforge.trainer.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.shared.inference.SampleGenerator;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.trainer.data.DatasetCatalog;
import dev.ganforge.trainer.data.DatasetSplit;
import dev.ganforge.trainer.data.ImageDataset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The evaluator against generators whose quality is known: one that returns real digits (must score near the
 * floor), one collapsed onto a single image and one of pure noise (must be caught).
 */
class ImageEvaluatorTest {

    private static final int SAMPLES = 800;
    private static ModelEvaluator evaluator;
    private static DatasetSplit split;

    @BeforeAll
    static void setUp() {
        split = TestDigits.mnist();
        evaluator = new ModelEvaluator(TestDigits.catalog(), TestDigits.classifierStore());
    }

    @AfterAll
    static void tearDown() {
        evaluator.close();
    }

    @Test
    void realDigitsScoreNearTheFloorWithFullCoverageAndFidelity() {
        ImageDataset train = split.train();
        // Conditional "generator" that answers each requested label with a real training digit of that label.
        Random pick = new Random(3);
        SampleGenerator real = (z, labels) -> {
            float[] out = new float[labels.length * 784];
            for (int i = 0; i < labels.length; i++) {
                int k;
                do {
                    k = pick.nextInt(train.n());
                } while (train.labels()[k] != labels[i]);
                System.arraycopy(train.pixels(), k * 784, out, i * 784, 784);
            }
            return out;
        };
        EvaluationReport r = evaluate(real, 10);

        assertTrue(r.fid() < 3 * r.fidFloor() + 1, "real digits: FID " + r.fid() + " floor " + r.fidFloor());
        assertTrue(r.labelFidelity() > 0.85, "fidelity " + r.labelFidelity());
        assertEquals(0, r.classesMissing());
        assertTrue(r.coverageTotalVariation() < 0.1, "TV " + r.coverageTotalVariation());
        assertEquals(List.of("200", "400", "800"), List.copyOf(r.fidBySampleSize().keySet()));
        assertTrue(r.fidBySampleSize().get("200") > r.fidBySampleSize().get("800"),
                "FID is biased upwards at small N: " + r.fidBySampleSize());
        assertEquals(10, r.labels().perLabel().size());
        assertTrue(r.recognisable() > 0.6, "real digits are read confidently (by the test's lightly trained classifier): " + r.recognisable());
        assertTrue(r.recognisability().leastClass() > 0.03, "every digit: " + r.recognisability().perClass());
        assertTrue(r.precision() > 0.6 && r.recall() > 0.6, "real digits: precision " + r.precision() + " recall "
                + r.recall());
        assertEquals(10, r.intraClassFidPerClass().size());
        assertTrue(r.intraClassFid() < 10 * r.fidFloor() + 5, "real digits per class: " + r.intraClassFid());
    }

    @Test
    void aCollapsedGeneratorIsCaught() {
        float[] one = split.train().gather(new int[] {0});
        SampleGenerator collapsed = (z, labels) -> {
            int n = z.length / 8;
            float[] out = new float[n * 784];
            Random jitter = new Random(5);
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < 784; p++) {
                    // a little noise keeps the covariance from being exactly zero
                    out[i * 784 + p] = Math.min(1, Math.max(0, one[p] + 0.01f * (float) jitter.nextGaussian()));
                }
            }
            return out;
        };
        EvaluationReport r = evaluate(collapsed, 0);

        assertTrue(r.fid() > 20 * r.fidFloor(), "collapse: FID " + r.fid() + " floor " + r.fidFloor());
        assertEquals(9, r.classesMissing());
        assertTrue(r.coverageTotalVariation() > 0.85, "TV " + r.coverageTotalVariation());
        assertNull(r.labelFidelity());
        assertEquals(0.0, r.recognisability().leastClass(), "nine digits are never drawn");
        assertTrue(r.recall() < 0.2, "a collapsed generator covers little of the data: recall " + r.recall());
        assertNull(r.intraClassFid(), "unconditional");
    }

    @Test
    void noiseIsFarWorseThanRealDigits() {
        Random random = new Random(9);
        SampleGenerator noise = (z, labels) -> {
            float[] out = new float[z.length / 8 * 784];
            for (int i = 0; i < out.length; i++) {
                out[i] = random.nextFloat();
            }
            return out;
        };
        EvaluationReport r = evaluate(noise, 0);
        assertTrue(r.fid() > 50 * r.fidFloor(), "noise: FID " + r.fid() + " floor " + r.fidFloor());
        assertTrue(r.recognisable() < 0.3, "noise is not read as digits: " + r.recognisable());
    }

    private static EvaluationReport evaluate(SampleGenerator generator, int labelCount) {
        ModelMetadata md = new ModelMetadata("probe", labelCount > 0 ? "cdcgan" : "dcgan", 8, "normal", labelCount,
                labelCount > 0 ? DatasetCatalog.DIGIT_NAMES : null, "image", List.of(1, 28, 28), "mnist", "x",
                "run", 1, null, "test", null);
        EvaluatedModel model = new EvaluatedModel(md, generator, "mnist", () -> { });
        EvaluationReport r = evaluator.evaluate(model, null, SAMPLES, 11);
        System.out.println(md.architecture() + ": " + EvaluationSummary.oneLine(r));
        return r;
    }
}
