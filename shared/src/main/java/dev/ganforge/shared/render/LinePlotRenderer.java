package dev.ganforge.shared.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A plain line plot (axes, ticks, optional title, axis labels and legend) as PNG, e.g. the loss curves of a
 * training run or the service's curve samples. Drawn by JFreeChart on AWT, so it works headless.
 */
public final class LinePlotRenderer {

    public static final int BACKGROUND_RGB = 0xffffff;
    static final int[] PALETTE = {0x1f77b4, 0xd62728, 0x2ca02c, 0xff7f0e, 0x9467bd, 0x8c564b, 0xe377c2, 0x17becf};
    private static final int MIN_SIZE = 96;

    private final int width;
    private final int height;

    public LinePlotRenderer() {
        this(640, 400);
    }

    public LinePlotRenderer(int width, int height) {
        if (width < MIN_SIZE || height < MIN_SIZE) {
            throw new IllegalArgumentException("plot of " + width + "x" + height + " is too small");
        }
        this.width = width;
        this.height = height;
    }

    public byte[] render(String title, String xLabel, String yLabel, List<PlotSeries> series) {
        return PngEncoder.encode(image(title, xLabel, yLabel, series));
    }

    public BufferedImage image(String title, String xLabel, String yLabel, List<PlotSeries> series) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
        boolean legend = false;
        for (int i = 0; i < series.size(); i++) {
            PlotSeries s = series.get(i);
            XYSeries points = points(i, s);
            data.addSeries(points);
            int rgb = s.rgb() == PlotSeries.AUTO ? PALETTE[i % PALETTE.length] : s.rgb();
            lines.setSeriesPaint(i, new Color(rgb));
            lines.setSeriesStroke(i, new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            // A line needs two points; a lone one is drawn as a dot.
            lines.setSeriesShapesVisible(i, finitePoints(points) == 1);
            lines.setSeriesShape(i, new Ellipse2D.Double(-2, -2, 4, 4));
            lines.setSeriesVisibleInLegend(i, !s.name().isEmpty());
            legend |= !s.name().isEmpty();
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title == null || title.isEmpty() ? null : title, xLabel,
                yLabel, data, PlotOrientation.VERTICAL, legend, false, false);
        chart.setBackgroundPaint(new Color(BACKGROUND_RGB));
        XYPlot plot = chart.getXYPlot();
        plot.setRenderer(lines);
        plot.setBackgroundPaint(new Color(BACKGROUND_RGB));
        plot.setDomainGridlinePaint(new Color(0xe6e6e6));
        plot.setRangeGridlinePaint(new Color(0xe6e6e6));
        plot.setOutlineVisible(false);
        // The data's own range, as loss curves need; JFreeChart widens an empty or constant one by itself.
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        return chart.createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, null);
    }

    /** The series' points; a non-finite coordinate becomes a gap (a point without y), which breaks the line. */
    private static XYSeries points(int index, PlotSeries s) {
        // Keys must differ, names need not: the key is the index, the legend shows the name.
        XYSeries points = new XYSeries(new Key(index, s.name()), false, true);
        double lastX = 0;
        for (int i = 0; i < s.x().length; i++) {
            double x = s.x()[i];
            double y = s.y()[i];
            if (Double.isFinite(x) && Double.isFinite(y)) {
                points.add(x, y);
                lastX = x;
            } else {
                points.add(Double.isFinite(x) ? x : lastX, null);
            }
        }
        return points;
    }

    private static int finitePoints(XYSeries points) {
        int n = 0;
        for (int i = 0; i < points.getItemCount(); i++) {
            n += points.getY(i) == null ? 0 : 1;
        }
        return n;
    }

    /** A series key: unique by index, shown by name. */
    private record Key(int index, String name) implements Comparable<Key> {

        @Override
        public int compareTo(Key other) {
            return Integer.compare(index, other.index);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
