package dev.ganforge.trainer.evaluate;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Mean and covariance of a set of feature vectors: the summary FID compares.
 *
 * @param mean       length {@code d}
 * @param covariance {@code d × d}, row-major, unbiased (divides by {@code count − 1})
 * @param count      how many vectors were summarised
 */
public record GaussianStats(double[] mean, DMatrixRMaj covariance, int count) {

    public GaussianStats {
        if (covariance.numRows != mean.length || covariance.numCols != mean.length) {
            throw new IllegalArgumentException("covariance must be " + mean.length + "×" + mean.length);
        }
    }

    public int dimension() {
        return mean.length;
    }

    /** Statistics of {@code count} row-major vectors of length {@code dimension}. */
    public static GaussianStats of(float[] vectors, int count, int dimension) {
        return of(vectors, 0, count, dimension);
    }

    /** Statistics of rows {@code from .. from+count-1} of a row-major {@code ? × dimension} array. */
    public static GaussianStats of(float[] vectors, int from, int count, int dimension) {
        if (count < 2) {
            throw new IllegalArgumentException("need at least 2 vectors for a covariance, got " + count);
        }
        if ((long) (from + count) * dimension > vectors.length) {
            throw new IllegalArgumentException("rows " + from + ".." + (from + count) + " exceed the "
                    + vectors.length / dimension + " vectors given");
        }
        double[] mean = new double[dimension];
        for (int i = 0; i < count; i++) {
            int row = (from + i) * dimension;
            for (int j = 0; j < dimension; j++) {
                mean[j] += vectors[row + j];
            }
        }
        for (int j = 0; j < dimension; j++) {
            mean[j] /= count;
        }
        // Centre first and multiply once: the textbook E[xxᵀ] − μμᵀ loses digits to cancellation.
        DMatrixRMaj centred = new DMatrixRMaj(count, dimension);
        for (int i = 0; i < count; i++) {
            int row = (from + i) * dimension;
            for (int j = 0; j < dimension; j++) {
                centred.unsafe_set(i, j, vectors[row + j] - mean[j]);
            }
        }
        DMatrixRMaj covariance = new DMatrixRMaj(dimension, dimension);
        CommonOps_DDRM.multTransA(centred, centred, covariance);
        CommonOps_DDRM.scale(1.0 / (count - 1), covariance);
        return new GaussianStats(mean, covariance, count);
    }
}
