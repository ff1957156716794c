package dev.ganforge.trainer.train;

import dev.ganforge.shared.render.LinePlotRenderer;
import dev.ganforge.shared.render.PlotSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code loss.png}: Loss_D and Loss_G over the iterations so far, as dcgan/main.py's plot of the two. */
final class LossPlot {

    private final Path file;

    LossPlot(Path runDir) {
        this.file = runDir.resolve(RunDirectory.LOSS_PLOT);
    }

    /** Redraws the plot from every row of the metrics log; nothing while either curve has fewer than two points. */
    void write(List<MetricsLog.Row> rows) throws IOException {
        List<double[]> d = new ArrayList<>();
        List<double[]> g = new ArrayList<>();
        for (MetricsLog.Row row : rows) {
            if (Float.isFinite(row.lossD())) {
                d.add(new double[] {row.step(), row.lossD()});
            }
            if (Float.isFinite(row.lossG())) {
                g.add(new double[] {row.step(), row.lossG()});
            }
        }
        List<PlotSeries> series = new ArrayList<>();
        if (d.size() > 1) {
            series.add(series("Loss_D", d));
        }
        if (g.size() > 1) {
            series.add(series("Loss_G", g));
        }
        if (series.isEmpty()) {
            return;
        }
        byte[] png = new LinePlotRenderer().render("Generator and discriminator loss", "iteration", "loss", series);
        Files.write(file, png);
    }

    private static PlotSeries series(String name, List<double[]> points) {
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i)[0];
            y[i] = points.get(i)[1];
        }
        return new PlotSeries(name, x, y);
    }
}
