package dev.ganforge.shared.render;

import java.util.Objects;

/**
 * One line of a {@link LinePlotRenderer} plot. Points with a non-finite coordinate break the line.
 *
 * @param name legend entry; empty for none
 * @param rgb  0xRRGGBB, or {@link #AUTO} for the next palette colour
 */
public record PlotSeries(String name, double[] x, double[] y, int rgb) {

    public static final int AUTO = -1;

    public PlotSeries {
        Objects.requireNonNull(name, "name");
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "' has " + x.length + " x values but "
                    + y.length + " y values");
        }
    }

    public PlotSeries(String name, double[] x, double[] y) {
        this(name, x, y, AUTO);
    }
}
