package dev.ganforge.trainer.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {

    @Test
    void diagonalGaussiansMatchTheClosedForm() {
        // With commuting covariances FID = ‖μ1−μ2‖² + Σ(σ1ᵢ − σ2ᵢ)².
        GaussianStats a = stats(new double[] {0, 0, 0}, diag(1, 4, 9));
        GaussianStats b = stats(new double[] {1, 2, 0}, diag(4, 1, 9));
        double expected = (1 + 4) + (1 - 2) * (1 - 2) + (2 - 1) * (2 - 1) + 0;
        assertEquals(expected, FrechetDistance.between(a, b), 1e-9);
    }

    @Test
    void nonCommutingCovariancesMatchTheTwoByTwoClosedForm() {
        // For 2×2, Tr((Σ1Σ2)^½) = √(Tr(Σ1Σ2) + 2√(det Σ1 · det Σ2)).
        DMatrixRMaj s1 = new DMatrixRMaj(new double[][] {{2, 0.8}, {0.8, 1}});
        DMatrixRMaj s2 = new DMatrixRMaj(new double[][] {{1, -0.5}, {-0.5, 3}});
        double trProduct = 2 * 1 + 0.8 * -0.5 + 0.8 * -0.5 + 1 * 3;
        double det1 = 2 * 1 - 0.8 * 0.8;
        double det2 = 1 * 3 - 0.25;
        double traceRoot = Math.sqrt(trProduct + 2 * Math.sqrt(det1 * det2));
        double meanTerm = 0.3 * 0.3 + 0.4 * 0.4;
        double expected = meanTerm + 3 + 4 - 2 * traceRoot;

        double fid = FrechetDistance.between(stats(new double[] {0.3, 0}, s1), stats(new double[] {0, 0.4}, s2));

        assertEquals(expected, fid, 1e-9);
        assertEquals(fid, FrechetDistance.between(stats(new double[] {0, 0.4}, s2), stats(new double[] {0.3, 0}, s1)),
                1e-9, "symmetric");
    }

    @Test
    void identicalAndRankDeficientStatsGiveZeroNotNaN() {
        // 5 samples in 20 dimensions: a singular covariance, as real features with few samples produce.
        float[] vectors = randomVectors(new Random(1), 5, 20, 0, 1);
        GaussianStats s = GaussianStats.of(vectors, 5, 20);
        double fid = FrechetDistance.between(s, s);
        assertTrue(fid >= 0 && fid < 1e-9, "FID of a set with itself is 0, got " + fid);
    }

    @Test
    void sampleEstimateConvergesToTheTrueDistanceAsSamplesGrow() {
        // N(0, I) vs N(0.5·1, 4I) in 8 dims: FID = 8·0.25 + 8·(1 − 2)² = 10.
        Random random = new Random(42);
        int d = 8;
        float[] a = randomVectors(random, 20_000, d, 0, 1);
        float[] b = randomVectors(random, 20_000, d, 0.5, 2);
        double previousError = Double.MAX_VALUE;
        StringBuilder report = new StringBuilder("FID vs N (true 10.0):");
        for (int n : new int[] {200, 2_000, 20_000}) {
            double fid = FrechetDistance.between(GaussianStats.of(a, n, d), GaussianStats.of(b, n, d));
            report.append(String.format(" N=%d→%.3f", n, fid));
            double error = Math.abs(fid - 10);
            assertTrue(error < previousError + 0.05, report.toString());
            previousError = error;
        }
        System.out.println(report);
        assertTrue(previousError < 0.25, report.toString());
    }

    @Test
    void covarianceIsTheUnbiasedSampleCovariance() {
        float[] rows = {1, 2, 3, 6, 5, 10};
        GaussianStats s = GaussianStats.of(rows, 3, 2);
        assertEquals(3, s.mean()[0], 1e-12);
        assertEquals(6, s.mean()[1], 1e-12);
        assertEquals(4, s.covariance().get(0, 0), 1e-12);
        assertEquals(16, s.covariance().get(1, 1), 1e-12);
        assertEquals(8, s.covariance().get(0, 1), 1e-12);
    }

    private static GaussianStats stats(double[] mean, DMatrixRMaj cov) {
        return new GaussianStats(mean, cov, Integer.MAX_VALUE);
    }

    private static DMatrixRMaj diag(double... values) {
        DMatrixRMaj m = new DMatrixRMaj(values.length, values.length);
        for (int i = 0; i < values.length; i++) {
            m.set(i, i, values[i]);
        }
        return m;
    }

    private static float[] randomVectors(Random random, int n, int d, double mean, double sigma) {
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (mean + sigma * random.nextGaussian());
        }
        return v;
    }
}
