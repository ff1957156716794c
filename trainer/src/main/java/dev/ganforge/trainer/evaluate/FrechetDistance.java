package dev.ganforge.trainer.evaluate;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Fréchet distance between two Gaussians, the FID formula:
 * {@code ‖μ1−μ2‖² + Tr(Σ1 + Σ2 − 2(Σ1Σ2)^½)}.
 *
 * <p>{@code Σ1Σ2} is not symmetric, so a general square root of it (as scipy's {@code sqrtm} does) can
 * return complex noise or fail on singular covariances, which real feature sets produce (dead ReLU units,
 * fewer samples than dimensions). Instead we use {@code Tr((Σ1Σ2)^½) = Tr((Σ1^½ Σ2 Σ1^½)^½)}: both
 * steps are square roots of symmetric positive semi-definite matrices, done by symmetric
 * eigendecomposition with round-off negatives clamped to zero. The eigen solver is EJML's (well tested,
 * small, no native code) rather than a hand-written Jacobi.
 */
public final class FrechetDistance {

    private FrechetDistance() {
    }

    public static double between(GaussianStats a, GaussianStats b) {
        if (a.dimension() != b.dimension()) {
            throw new IllegalArgumentException("feature dimensions differ: " + a.dimension() + " vs "
                    + b.dimension());
        }
        double meanTerm = 0;
        for (int i = 0; i < a.dimension(); i++) {
            double d = a.mean()[i] - b.mean()[i];
            meanTerm += d * d;
        }
        DMatrixRMaj rootA = symmetricSqrt(a.covariance());
        DMatrixRMaj product = new DMatrixRMaj(a.dimension(), a.dimension());
        DMatrixRMaj inner = new DMatrixRMaj(a.dimension(), a.dimension());
        CommonOps_DDRM.mult(rootA, b.covariance(), product);
        CommonOps_DDRM.mult(product, rootA, inner);
        double traceCross = 0;
        for (double eigenvalue : symmetricEigenvalues(inner)) {
            traceCross += Math.sqrt(Math.max(eigenvalue, 0));
        }
        double distance = meanTerm + CommonOps_DDRM.trace(a.covariance()) + CommonOps_DDRM.trace(b.covariance())
                - 2 * traceCross;
        // Identical inputs can land a hair below zero through round-off; a distance is never negative.
        return Math.max(distance, 0);
    }

    /** {@code V diag(√max(λ,0)) Vᵀ} for symmetric {@code m}. */
    static DMatrixRMaj symmetricSqrt(DMatrixRMaj m) {
        int n = m.numRows;
        DMatrixRMaj sym = symmetrised(m);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(sym)) {
            throw new ArithmeticException("eigendecomposition of a " + n + "×" + n + " covariance failed");
        }
        DMatrixRMaj root = new DMatrixRMaj(n, n);
        for (int k = 0; k < eig.getNumberOfEigenvalues(); k++) {
            double s = Math.sqrt(Math.max(eig.getEigenvalue(k).getReal(), 0));
            if (s == 0) {
                continue;
            }
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int i = 0; i < n; i++) {
                double vi = v.get(i) * s;
                for (int j = 0; j < n; j++) {
                    root.unsafe_set(i, j, root.unsafe_get(i, j) + vi * v.get(j));
                }
            }
        }
        return root;
    }

    static double[] symmetricEigenvalues(DMatrixRMaj m) {
        int n = m.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        if (!eig.decompose(symmetrised(m))) {
            throw new ArithmeticException("eigendecomposition of a " + n + "×" + n + " matrix failed");
        }
        double[] values = new double[eig.getNumberOfEigenvalues()];
        for (int k = 0; k < values.length; k++) {
            values[k] = eig.getEigenvalue(k).getReal();
        }
        return values;
    }

    /** (m + mᵀ)/2: products like Σ1^½ Σ2 Σ1^½ are symmetric in exact arithmetic only. */
    private static DMatrixRMaj symmetrised(DMatrixRMaj m) {
        DMatrixRMaj t = new DMatrixRMaj(m.numCols, m.numRows);
        CommonOps_DDRM.transpose(m, t);
        DMatrixRMaj sym = new DMatrixRMaj(m.numRows, m.numCols);
        CommonOps_DDRM.add(0.5, m, 0.5, t, sym);
        return sym;
    }
}
