package dev.ganforge.trainer.evaluate;

import java.util.Arrays;

/**
 * Improved precision and recall (Kynkäänniemi et al. 2019) on the reference classifier's features: each set's
 * manifold is the union of balls around its points reaching their k-th nearest neighbour in the same set.
 * Precision is the fraction of generated samples inside the real manifold (are they realistic?), recall the fraction
 * of real samples inside the generated one (is the data's variety covered?). FID folds both into one number; these
 * two tell a blurry generator (low precision) from a collapsed one (low recall).
 *
 * @param k the neighbour that sets each ball's radius (3, as in the paper's recommendation for these set sizes)
 */
public record PrecisionRecall(double precision, double recall, int k) {

    public static final int DEFAULT_K = 3;

    /** Rows of {@code dimension} floats each: {@code real} and {@code generated} feature vectors. */
    public static PrecisionRecall of(float[] real, int realCount, float[] generated, int generatedCount,
                                     int dimension, int k) {
        if (realCount <= k || generatedCount <= k) {
            throw new IllegalArgumentException("precision and recall need more than k = " + k + " samples per set");
        }
        double[] realRadii = radii(real, realCount, dimension, k);
        double[] generatedRadii = radii(generated, generatedCount, dimension, k);
        return new PrecisionRecall(coverage(generated, generatedCount, real, realCount, realRadii, dimension),
                coverage(real, realCount, generated, generatedCount, generatedRadii, dimension), k);
    }

    /** Squared distance of every point to its k-th nearest other point of the same set. */
    private static double[] radii(float[] points, int n, int dimension, int k) {
        double[] radii = new double[n];
        double[] distances = new double[n - 1];
        for (int i = 0; i < n; i++) {
            int m = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    distances[m++] = squaredDistance(points, i, points, j, dimension);
                }
            }
            // k-th smallest (1-based) of the distances to the others.
            double[] sorted = distances.clone();
            Arrays.sort(sorted);
            radii[i] = sorted[k - 1];
        }
        return radii;
    }

    /** Fraction of {@code probes} within some ball of the {@code manifold}'s points. */
    private static double coverage(float[] probes, int probeCount, float[] manifold, int manifoldCount,
                                   double[] radii, int dimension) {
        int inside = 0;
        for (int i = 0; i < probeCount; i++) {
            for (int j = 0; j < manifoldCount; j++) {
                if (squaredDistance(probes, i, manifold, j, dimension) <= radii[j]) {
                    inside++;
                    break;
                }
            }
        }
        return (double) inside / probeCount;
    }

    private static double squaredDistance(float[] a, int i, float[] b, int j, int dimension) {
        double sum = 0;
        int ai = i * dimension;
        int bj = j * dimension;
        for (int d = 0; d < dimension; d++) {
            double diff = a[ai + d] - b[bj + d];
            sum += diff * diff;
        }
        return sum;
    }
}
