package dev.ganforge.trainer.evaluate;

import dev.ganforge.trainer.data.CurveFit;
import dev.ganforge.trainer.data.CurvesData;

/**
 * How well generated curves imitate the "artist": real curves are {@code y = a·x² + (a − 1)} with
 * {@code a ~ U[1, 2]}, so a good generator's curves fit that family with {@code a} spread like U[1, 2]
 * (standard deviation {@value #UNIFORM_STD}); a collapsed one repeats one {@code a}.
 *
 * @param fitFraction fraction of curves within {@link #TOLERANCE} of the family with {@code a} in [1, 2]
 * @param aMean       mean fitted {@code a} (1.5 for the real data)
 * @param aStd        standard deviation of fitted {@code a}
 * @param aMin        smallest fitted {@code a}
 * @param aMax        largest fitted {@code a}
 * @param meanResidual mean RMS distance of a curve from its fitted parabola
 */
public record CurveStats(double fitFraction, double aMean, double aStd, double aMin, double aMax,
                         double meanResidual) {

    /** Allowed RMS residual, and slack on the [1, 2] range of {@code a}. */
    public static final double TOLERANCE = 0.1;
    /** Standard deviation of U[1, 2]: what {@link #aStd()} is for the real curves. */
    public static final double UNIFORM_STD = 0.2887;

    /** Fits every curve of a row-major {@code [count, 15]} batch. */
    public static CurveStats of(float[] curves, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("need at least one curve");
        }
        int fits = 0;
        double sum = 0;
        double sumSq = 0;
        double residuals = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            CurveFit fit = CurvesData.fit(curves, i);
            if (fit.plausible(TOLERANCE)) {
                fits++;
            }
            sum += fit.a();
            sumSq += fit.a() * fit.a();
            residuals += fit.rmsResidual();
            min = Math.min(min, fit.a());
            max = Math.max(max, fit.a());
        }
        double mean = sum / count;
        double variance = count > 1 ? Math.max(0, (sumSq - count * mean * mean) / (count - 1)) : 0;
        return new CurveStats((double) fits / count, mean, Math.sqrt(variance), min, max, residuals / count);
    }
}
