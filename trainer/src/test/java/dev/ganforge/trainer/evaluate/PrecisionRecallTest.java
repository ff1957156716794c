package dev.ganforge.trainer.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Known answers for improved precision and recall. */
class PrecisionRecallTest {

    /** Low-dimensional, so 3-NN balls of one sample cover a second sample of the same distribution almost fully. */
    private static final int D = 2;

    @Test
    void identicalSetsHavePrecisionAndRecallOne() {
        float[] set = clusters(new Random(1), 200, 10, 0);
        PrecisionRecall pr = PrecisionRecall.of(set, 200, set, 200, D, 3);
        assertEquals(1.0, pr.precision(), 1e-12);
        assertEquals(1.0, pr.recall(), 1e-12);
    }

    @Test
    void disjointClustersHavePrecisionAndRecallZero() {
        float[] real = clusters(new Random(2), 200, 5, 0);
        float[] far = clusters(new Random(3), 200, 5, 1000);
        PrecisionRecall pr = PrecisionRecall.of(real, 200, far, 200, D, 3);
        assertEquals(0.0, pr.precision(), 1e-12);
        assertEquals(0.0, pr.recall(), 1e-12);
    }

    @Test
    void aGeneratorMissingHalfTheModesKeepsPrecisionAndHalvesRecall() {
        float[] real = clusters(new Random(4), 400, 10, 0);
        // The same distribution restricted to the first five of the ten modes.
        float[] half = new float[400 * D];
        Random random = new Random(5);
        for (int i = 0; i < 400; i++) {
            point(half, i, random, random.nextInt(5));
        }
        PrecisionRecall pr = PrecisionRecall.of(real, 400, half, 400, D, 3);
        assertEquals(1.0, pr.precision(), 0.1, "what it draws is realistic");
        assertEquals(0.5, pr.recall(), 0.1, "half the data's variety");
    }

    /** {@code n} points around {@code modes} well separated centres (offset shifts every centre). */
    private static float[] clusters(Random random, int n, int modes, float offset) {
        float[] points = new float[n * D];
        for (int i = 0; i < n; i++) {
            point(points, i, random, random.nextInt(modes));
            for (int d = 0; d < D; d++) {
                points[i * D + d] += offset;
            }
        }
        return points;
    }

    private static void point(float[] points, int i, Random random, int mode) {
        for (int d = 0; d < D; d++) {
            points[i * D + d] = (d == mode % D ? 50f * (1 + mode / D) : 0f) + (float) random.nextGaussian();
        }
    }
}
