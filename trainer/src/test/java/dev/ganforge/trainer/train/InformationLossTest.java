package dev.ganforge.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.ganforge.shared.model.LatentCodes;
import org.junit.jupiter.api.Test;

class InformationLossTest {

    private static final LatentCodes CODES = new LatentCodes(3, 1);

    /** Rows of z are [noise | one-hot | continuous]: the targets are read from the end of each row. */
    @Test
    void readsTheCodesBackFromTheLatents() {
        float[] z = {
            9, 9, 0, 1, 0, -0.5f,
            8, 8, 1, 0, 0, 0.25f};
        try (NDManager manager = NDManager.newBaseManager()) {
            InformationLoss loss = InformationLoss.of(CODES, z, 2, 6, manager);
            assertArrayEquals(new float[] {0, 1, 0, 1, 0, 0}, loss.category().toFloatArray());
            assertArrayEquals(new float[] {-0.5f, 0.25f}, loss.continuous().toFloatArray());
        }
    }

    /**
     * λ_cat·cross-entropy of Q's category logits + λ_cont·½(c − μ)², batch means, with the logit column ignored:
     * uniform logits cost ln 3 whatever the category, a mean 1 away from the code costs ½.
     */
    @Test
    void isTheWeightedCrossEntropyPlusGaussianNegativeLogLikelihood() {
        float[] z = {9, 9, 0, 1, 0, -0.5f};
        try (NDManager manager = NDManager.newBaseManager()) {
            InformationLoss loss = InformationLoss.of(CODES, z, 1, 6, manager);
            NDArray out = manager.create(new float[] {7, 0, 0, 0, 0.5f}, new Shape(1, 5));
            assertEquals(2 * Math.log(3) + 0.1 * 0.5, loss.of(out, 2f, 0.1f).getFloat(), 1e-5);
            NDArray sure = manager.create(new float[] {-7, -20, 20, -20, -0.5f}, new Shape(1, 5));
            assertEquals(0, loss.of(sure, 1f, 1f).getFloat(), 1e-5, "Q reads the codes exactly");
            assertArrayEquals(new float[] {7}, InformationLoss.logit(out).toFloatArray());
        }
    }
}
