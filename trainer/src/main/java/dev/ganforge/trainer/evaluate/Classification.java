package dev.ganforge.trainer.evaluate;

/**
 * The reference classifier's view of a batch of images.
 *
 * @param predicted   most likely class per image
 * @param confidence  the classifier's probability (softmax) of that class, per image
 * @param features    penultimate activations, row-major {@code [count, featureSize]}
 * @param featureSize length of one feature vector
 */
public record Classification(int[] predicted, float[] confidence, float[] features, int featureSize) {

    public int count() {
        return predicted.length;
    }

    public GaussianStats featureStats() {
        return GaussianStats.of(features, count(), featureSize);
    }

    /** Statistics of the first {@code n} images only. */
    public GaussianStats featureStats(int n) {
        return GaussianStats.of(features, 0, n, featureSize);
    }
}
