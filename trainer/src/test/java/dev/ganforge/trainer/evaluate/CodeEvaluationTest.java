package dev.ganforge.trainer.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.shared.model.LatentCodes;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Known answers for InfoGAN's code evaluation. */
class CodeEvaluationTest {

    @Test
    void bestMatchingFindsThePermutationAGreedyPickMisses() {
        // Greedy would give code 0 class 0 (5) and leave code 1 with class 1 (0): 5 in all; the best is 4 + 4 = 8.
        int[][] confusion = {{5, 4}, {4, 0}};
        assertArrayEquals(new int[] {1, 0}, CodeEvaluation.bestMatching(confusion, 2));
        int[][] permuted = new int[10][10];
        int[] truth = {3, 7, 0, 9, 1, 2, 8, 4, 6, 5};
        for (int code = 0; code < 10; code++) {
            permuted[code][truth[code]] = 90;
            permuted[code][(truth[code] + 1) % 10] = 10;
        }
        assertArrayEquals(truth, CodeEvaluation.bestMatching(permuted, 10));
    }

    @Test
    void categoriesThatPickClassesScoreTheirAccuracyAndContinuousCodesTheirCorrelations() {
        LatentCodes codes = new LatentCodes(10, 2);
        int latent = 4 + codes.size();
        int n = 400;
        Random random = new Random(1);
        float[] z = new float[n * latent];
        int[] predicted = new int[n];
        float[] images = new float[n * 28 * 28];
        for (int i = 0; i < n; i++) {
            float slant = (float) (random.nextDouble() * 2 - 1);
            float ink = (float) (random.nextDouble() * 2 - 1);
            codes.set(z, latent, i, i % 10, new Float[] {slant, ink});
            // The class is the category shifted by 3, except for one sample in ten.
            predicted[i] = i % 20 == 0 ? 0 : (i % 10 + 3) % 10;
            stroke(images, i, slant * 0.6, 1 + (ink + 1));
        }
        CodeEvaluation result = CodeEvaluation.of(codes, z, latent, predicted, 10, images, 28, 28);
        assertEquals(0.95, result.accuracy(), 0.011);
        assertEquals(List.of(3, 4, 5, 6, 7, 8, 9, 0, 1, 2), result.classOfCode());
        assertTrue(Math.abs(result.slant().get(0)) > 0.9, "c1 drives the slant: " + result.slant());
        assertTrue(Math.abs(result.slant().get(1)) < 0.3, "c2 does not: " + result.slant());
        assertTrue(result.ink().get(1) > 0.9, "c2 drives the ink: " + result.ink());
        assertTrue(Math.abs(result.ink().get(0)) < 0.3, "c1 does not: " + result.ink());
    }

    @Test
    void slantOfAnUprightStrokeIsZeroAndItsSignFollowsTheLean() {
        float[] image = new float[3 * 28 * 28];
        stroke(image, 0, 0, 1);
        stroke(image, 1, 0.5, 1);
        stroke(image, 2, -0.5, 1);
        assertEquals(0, CodeEvaluation.slant(image, 0, 28, 28), 1e-9);
        assertTrue(CodeEvaluation.slant(image, 784, 28, 28) > 0.3);
        assertTrue(CodeEvaluation.slant(image, 2 * 784, 28, 28) < -0.3);
    }

    /** A vertical stroke through the centre, sheared by {@code shear} (x = 14 + shear·(y − 14)), width ~ ink. */
    private static void stroke(float[] images, int i, double shear, double width) {
        for (int y = 4; y < 24; y++) {
            double centre = 14 + shear * (y - 14);
            for (int x = 0; x < 28; x++) {
                double d = Math.abs(x - centre);
                if (d <= width) {
                    images[i * 784 + y * 28 + x] = 1f;
                }
            }
        }
    }
}
