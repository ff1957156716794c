package dev.ganforge.shared.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plain line plot (axes, ticks, optional title, axis labels and legend) as PNG, e.g. the loss curves of a
 * training run. Uses only AWT, so it works headless.
 */
public final class LinePlotRenderer {

    public static final int BACKGROUND_RGB = 0xffffff;
    static final int[] PALETTE = {0x1f77b4, 0xd62728, 0x2ca02c, 0xff7f0e, 0x9467bd, 0x8c564b, 0xe377c2, 0x17becf};

    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 28;
    private static final int BOTTOM = 44;
    private static final int TICKS = 5;

    private final int width;
    private final int height;

    public LinePlotRenderer() {
        this(640, 400);
    }

    public LinePlotRenderer(int width, int height) {
        if (width < LEFT + RIGHT + 16 || height < TOP + BOTTOM + 16) {
            throw new IllegalArgumentException("plot of " + width + "x" + height + " is too small");
        }
        this.width = width;
        this.height = height;
    }

    public byte[] render(String title, String xLabel, String yLabel, List<PlotSeries> series) {
        return PngEncoder.encode(image(title, xLabel, yLabel, series));
    }

    public BufferedImage image(String title, String xLabel, String yLabel, List<PlotSeries> series) {
        Bounds bounds = Bounds.of(series);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(new Color(BACKGROUND_RGB));
            g.fillRect(0, 0, width, height);
            Frame frame = new Frame(LEFT, TOP, width - LEFT - RIGHT, height - TOP - BOTTOM, bounds);
            drawAxes(g, frame, title, xLabel, yLabel);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setClip(frame.left, frame.top, frame.width + 1, frame.height + 1);
            List<int[]> legend = new ArrayList<>();
            for (int i = 0; i < series.size(); i++) {
                PlotSeries s = series.get(i);
                int rgb = s.rgb() == PlotSeries.AUTO ? PALETTE[i % PALETTE.length] : s.rgb();
                drawSeries(g, frame, s, new Color(rgb));
                if (!s.name().isEmpty()) {
                    legend.add(new int[] {i, rgb});
                }
            }
            g.setClip(null);
            drawLegend(g, frame, series, legend);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static void drawSeries(Graphics2D g, Frame frame, PlotSeries s, Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D.Double path = new Path2D.Double();
        boolean open = false;
        int drawn = 0;
        for (int i = 0; i < s.x().length; i++) {
            double x = s.x()[i];
            double y = s.y()[i];
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                open = false;
                continue;
            }
            if (open) {
                path.lineTo(frame.px(x), frame.py(y));
            } else {
                path.moveTo(frame.px(x), frame.py(y));
                open = true;
            }
            drawn++;
        }
        if (drawn == 1) {
            g.fill(new java.awt.geom.Ellipse2D.Double(frame.px(firstFinite(s.x())) - 2,
                    frame.py(firstFinite(s.y())) - 2, 4, 4));
        }
        g.draw(path);
    }

    private static double firstFinite(double[] values) {
        for (double v : values) {
            if (Double.isFinite(v)) {
                return v;
            }
        }
        return 0;
    }

    private static void drawAxes(Graphics2D g, Frame frame, String title, String xLabel, String yLabel) {
        Color grid = new Color(0xe6e6e6);
        Color ink = new Color(0x333333);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (double xv : ticks(frame.bounds.xMin, frame.bounds.xMax)) {
            int px = (int) Math.round(frame.px(xv));
            g.setColor(grid);
            g.drawLine(px, frame.top, px, frame.top + frame.height);
            g.setColor(ink);
            g.drawLine(px, frame.top + frame.height, px, frame.top + frame.height + 4);
            text(g, tick(xv), px, frame.top + frame.height + 16, 0.5);
        }
        for (double yv : ticks(frame.bounds.yMin, frame.bounds.yMax)) {
            int py = (int) Math.round(frame.py(yv));
            g.setColor(grid);
            g.drawLine(frame.left, py, frame.left + frame.width, py);
            g.setColor(ink);
            g.drawLine(frame.left - 4, py, frame.left, py);
            text(g, tick(yv), frame.left - 7, py + 4, 1.0);
        }
        g.setColor(ink);
        g.drawRect(frame.left, frame.top, frame.width, frame.height);
        text(g, xLabel, frame.left + frame.width / 2, frame.top + frame.height + 34, 0.5);
        text(g, yLabel, 6, frame.top - 8, 0.0);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        text(g, title, frame.left + frame.width / 2, 18, 0.5);
    }

    private static void drawLegend(Graphics2D g, Frame frame, List<PlotSeries> series, List<int[]> entries) {
        if (entries.isEmpty()) {
            return;
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int lineHeight = 15;
        int boxW = legendWidth(g, series, entries);
        int x = frame.left + frame.width - boxW - 6;
        int y = frame.top + 6;
        g.setColor(new Color(255, 255, 255, 220));
        g.fillRect(x, y, boxW, entries.size() * lineHeight + 6);
        g.setColor(new Color(0xbbbbbb));
        g.drawRect(x, y, boxW, entries.size() * lineHeight + 6);
        for (int k = 0; k < entries.size(); k++) {
            int baseline = y + 4 + (k + 1) * lineHeight - 4;
            g.setColor(new Color(entries.get(k)[1]));
            g.fillRect(x + 6, baseline - 6, 14, 3);
            g.setColor(new Color(0x333333));
            text(g, series.get(entries.get(k)[0]).name(), x + 26, baseline, 0.0);
        }
    }

    private static int legendWidth(Graphics2D g, List<PlotSeries> series, List<int[]> entries) {
        try {
            FontMetrics metrics = g.getFontMetrics();
            int widest = 0;
            for (int[] entry : entries) {
                widest = Math.max(widest, metrics.stringWidth(series.get(entry[0]).name()));
            }
            return widest + 34;
        } catch (RuntimeException | Error noFonts) {
            return 150; // see text(): no fonts, no labels to size the box for
        }
    }

    /**
     * Draws text anchored at {@code align} (0 left, 0.5 centre, 1 right). A JDK without usable fonts (a bare
     * headless install lacking fontconfig) throws from text rendering, sometimes a bare {@link Error} ("no fonts
     * found"); the plot is still useful without its labels, so it is drawn without them rather than failing a
     * training run.
     */
    private static void text(Graphics2D g, String s, int x, int y, double align) {
        if (s == null || s.isEmpty()) {
            return;
        }
        try {
            FontMetrics metrics = g.getFontMetrics();
            g.drawString(s, (int) Math.round(x - align * metrics.stringWidth(s)), y);
        } catch (RuntimeException | Error noFonts) {
            // labels are decoration; see the method comment
        }
    }

    /** Round tick values (1, 2 or 5 times a power of ten apart), about {@value #TICKS} of them, within [min, max]. */
    static double[] ticks(double min, double max) {
        double raw = (max - min) / TICKS;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double fraction = raw / magnitude;
        double step = (fraction < 1.5 ? 1 : fraction < 3.5 ? 2 : fraction < 7.5 ? 5 : 10) * magnitude;
        long first = (long) Math.ceil(min / step - 1e-9);
        long last = (long) Math.floor(max / step + 1e-9);
        double[] out = new double[(int) Math.max(0, last - first + 1)];
        for (int i = 0; i < out.length; i++) {
            // multiply rather than accumulate, so 0.1-steps print as 0.3, not 0.30000000000000004
            out[i] = (first + i) * step;
        }
        return out;
    }

    private static String tick(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e5 || a < 1e-3)) {
            return String.format(Locale.ROOT, "%.1e", v);
        }
        String s = String.format(Locale.ROOT, "%.3f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private record Bounds(double xMin, double xMax, double yMin, double yMax) {

        static Bounds of(List<PlotSeries> series) {
            double xMin = Double.POSITIVE_INFINITY;
            double xMax = Double.NEGATIVE_INFINITY;
            double yMin = Double.POSITIVE_INFINITY;
            double yMax = Double.NEGATIVE_INFINITY;
            for (PlotSeries s : series) {
                for (int i = 0; i < s.x().length; i++) {
                    if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                        xMin = Math.min(xMin, s.x()[i]);
                        xMax = Math.max(xMax, s.x()[i]);
                        yMin = Math.min(yMin, s.y()[i]);
                        yMax = Math.max(yMax, s.y()[i]);
                    }
                }
            }
            if (xMin > xMax) {
                return new Bounds(0, 1, 0, 1);
            }
            double[] x = widen(xMin, xMax, 0);
            double[] y = widen(yMin, yMax, 0.05);
            return new Bounds(x[0], x[1], y[0], y[1]);
        }

        private static double[] widen(double min, double max, double margin) {
            if (min == max) {
                double half = min == 0 ? 1 : Math.abs(min) * 0.1;
                return new double[] {min - half, max + half};
            }
            double pad = (max - min) * margin;
            return new double[] {min - pad, max + pad};
        }
    }

    private record Frame(int left, int top, int width, int height, Bounds bounds) {

        double px(double x) {
            return left + (x - bounds.xMin) / (bounds.xMax - bounds.xMin) * width;
        }

        double py(double y) {
            return top + height - (y - bounds.yMin) / (bounds.yMax - bounds.yMin) * height;
        }
    }
}
