package dev.ganforge.trainer.data;

import java.util.Random;

/**
 * The "famous artist" paintings of the curves toy: {@value #POINTS} points on {@code linspace(-1, 1)} of
 * {@code y = a·x² + (a − 1)} with {@code a ~ U[1, 2]}, so every real curve lies between {@code x²} and
 * {@code 2x² + 1}.
 */
public final class CurvesData {

    public static final int POINTS = 15;
    public static final double A_MIN = 1.0;
    public static final double A_MAX = 2.0;

    private static final float[] XS = linspace(POINTS);

    private CurvesData() {
    }

    /** The shared x coordinates, {@code linspace(-1, 1, 15)}. */
    public static float[] xs() {
        return XS.clone();
    }

    /** A fresh batch, row-major {@code [batchSize, 15]}. */
    public static float[] batch(Random rng, int batchSize) {
        float[] out = new float[batchSize * POINTS];
        for (int b = 0; b < batchSize; b++) {
            double a = A_MIN + (A_MAX - A_MIN) * rng.nextDouble();
            for (int p = 0; p < POINTS; p++) {
                out[b * POINTS + p] = (float) curveValue(a, XS[p]);
            }
        }
        return out;
    }

    public static double curveValue(double a, double x) {
        return a * x * x + (a - 1);
    }

    /** Fits curve {@code index} of a row-major {@code [N, 15]} batch. */
    public static CurveFit fit(float[] batch, int index) {
        float[] curve = new float[POINTS];
        System.arraycopy(batch, index * POINTS, curve, 0, POINTS);
        return fit(curve);
    }

    /**
     * Least squares for the single parameter: {@code y + 1 = a·(x² + 1)}, so
     * {@code a = Σ(y+1)(x²+1) / Σ(x²+1)²}.
     */
    public static CurveFit fit(float[] curve) {
        if (curve.length != POINTS) {
            throw new IllegalArgumentException("a curve has " + POINTS + " points, got " + curve.length);
        }
        double num = 0;
        double den = 0;
        for (int p = 0; p < POINTS; p++) {
            double u = XS[p] * XS[p] + 1;
            num += (curve[p] + 1) * u;
            den += u * u;
        }
        double a = num / den;
        double sq = 0;
        for (int p = 0; p < POINTS; p++) {
            double d = curve[p] - curveValue(a, XS[p]);
            sq += d * d;
        }
        return new CurveFit(a, Math.sqrt(sq / POINTS));
    }

    private static float[] linspace(int n) {
        float[] xs = new float[n];
        for (int i = 0; i < n; i++) {
            xs[i] = (float) (-1.0 + 2.0 * i / (n - 1));
        }
        return xs;
    }
}
