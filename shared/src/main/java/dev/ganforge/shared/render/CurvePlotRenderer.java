package dev.ganforge.shared.render;

import dev.ganforge.shared.model.SampleBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Curves shaped {@code [N, P]} (the curves toy: P points on {@code linspace(-1, 1)}) as a PNG line plot, with
 * optional reference lines such as the real data's bounds.
 */
public final class CurvePlotRenderer {

    public static final int SAMPLE_RGB = 0x2ca02c;
    public static final int BOUND_RGB = 0x7f7f7f;

    private final LinePlotRenderer plot;

    public CurvePlotRenderer() {
        this(new LinePlotRenderer());
    }

    public CurvePlotRenderer(LinePlotRenderer plot) {
        this.plot = plot;
    }

    public byte[] render(SampleBatch batch) {
        List<Integer> shape = batch.shape();
        if (shape.size() != 2) {
            throw new IllegalArgumentException("curves need shape [N, P], got " + shape);
        }
        return render(batch.data(), shape.get(0), shape.get(1), List.of());
    }

    public byte[] render(float[] curves, int n, int points) {
        return render(curves, n, points, List.of());
    }

    /** @param references drawn after the samples, e.g. {@link #artistBounds(int)} */
    public byte[] render(float[] curves, int n, int points, List<PlotSeries> references) {
        if (n < 1 || points < 2 || (long) n * points != curves.length) {
            throw new IllegalArgumentException("[" + n + ", " + points + "] curves need " + (long) n * points
                    + " values (n >= 1, points >= 2), got " + curves.length);
        }
        double[] xs = linspace(points);
        List<PlotSeries> series = new ArrayList<>(n + references.size());
        for (int k = 0; k < n; k++) {
            double[] ys = new double[points];
            for (int p = 0; p < points; p++) {
                ys[p] = curves[k * points + p];
            }
            series.add(new PlotSeries(k == 0 ? "generated (" + n + ")" : "", xs, ys, SAMPLE_RGB));
        }
        series.addAll(references);
        return plot.render("curves", "x", "y", series);
    }

    /** The real paintings' envelope in the curves toy: {@code 2x² + 1} (a = 2) and {@code x²} (a = 1). */
    public static List<PlotSeries> artistBounds(int points) {
        double[] xs = linspace(points);
        double[] upper = new double[points];
        double[] lower = new double[points];
        for (int p = 0; p < points; p++) {
            upper[p] = 2 * xs[p] * xs[p] + 1;
            lower[p] = xs[p] * xs[p];
        }
        return List.of(new PlotSeries("upper bound", xs, upper, BOUND_RGB),
                new PlotSeries("lower bound", xs, lower, BOUND_RGB));
    }

    static double[] linspace(int points) {
        double[] xs = new double[points];
        for (int i = 0; i < points; i++) {
            xs[i] = -1.0 + 2.0 * i / (points - 1);
        }
        return xs;
    }
}
