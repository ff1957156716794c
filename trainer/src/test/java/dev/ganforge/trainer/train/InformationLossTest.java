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

    /**
     * −I(x; c) over real images: confident and balanced groups reach −ln 3 (the most information three categories
     * can carry), confident but all one category 0 (no information), unsure 0 as well; the logit column and the
     * continuous means are ignored.
     */
    @Test
    void realImageInformationRewardsConfidentBalancedGroupsOnly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray balanced = manager.create(new float[] {
                5, 30, 0, 0, 9,
                -5, 0, 30, 0, 9,
                0, 0, 0, 30, 9}, new Shape(3, 5));
            assertEquals(-Math.log(3), InformationLoss.realInformation(CODES, balanced).getFloat(), 1e-5);
            NDArray oneGroup = manager.create(new float[] {
                5, 30, 0, 0, 9,
                -5, 30, 0, 0, 9}, new Shape(2, 5));
            assertEquals(0, InformationLoss.realInformation(CODES, oneGroup).getFloat(), 1e-5);
            NDArray unsure = manager.create(new float[] {
                5, 1, 1, 1, 9,
                -5, 2, 2, 2, 9}, new Shape(2, 5));
            assertEquals(0, InformationLoss.realInformation(CODES, unsure).getFloat(), 1e-5);
        }
    }
}
