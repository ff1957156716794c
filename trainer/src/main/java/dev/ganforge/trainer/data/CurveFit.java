package dev.ganforge.trainer.data;

/**
 * The artist parameter recovered from one curve.
 *
 * @param a           least-squares estimate of {@code a} in {@code y = a·x² + (a − 1)}
 * @param rmsResidual root-mean-square distance of the curve from that fitted parabola
 */
public record CurveFit(double a, double rmsResidual) {

    /** Whether this looks like a real painting: {@code a} within [1, 2] (± tolerance) and a parabola. */
    public boolean plausible(double tolerance) {
        return a >= CurvesData.A_MIN - tolerance && a <= CurvesData.A_MAX + tolerance && rmsResidual <= tolerance;
    }
}
