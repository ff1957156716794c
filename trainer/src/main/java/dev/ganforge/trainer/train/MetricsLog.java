package dev.ganforge.trainer.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** {@code metrics.csv}: one row per iteration; a resumed run first drops rows beyond its checkpoint. */
public final class MetricsLog implements AutoCloseable {

    public static final String FILE = "metrics.csv";
    public static final String HEADER = "step,epoch,loss_d,loss_g,d_x,d_g_z,images_per_s";

    /** One row. */
    public record Row(long step, int epoch, float lossD, float lossG, float dx, float dgz, double imagesPerSec) {

        String csv() {
            return step + "," + epoch + "," + lossD + "," + (Float.isNaN(lossG) ? "" : Float.toString(lossG)) + ","
                    + dx + "," + dgz + "," + String.format(java.util.Locale.ROOT, "%.1f", imagesPerSec);
        }

        static Row parse(String line) {
            String[] f = line.split(",", -1);
            return new Row(Long.parseLong(f[0]), Integer.parseInt(f[1]), Float.parseFloat(f[2]),
                    f[3].isEmpty() ? Float.NaN : Float.parseFloat(f[3]), Float.parseFloat(f[4]),
                    Float.parseFloat(f[5]), Double.parseDouble(f[6]));
        }
    }

    private final ResumableCsv csv;
    private final List<Row> rows;

    private MetricsLog(ResumableCsv csv, List<Row> rows) {
        this.csv = csv;
        this.rows = rows;
    }

    /** Opens the log keeping only rows with {@code step <= lastStep} (all of them for a fresh run: 0 rows). */
    public static MetricsLog open(Path runDir, long lastStep) throws IOException {
        ResumableCsv csv = ResumableCsv.open(runDir.resolve(FILE), HEADER, lastStep);
        return new MetricsLog(csv, csv.keptRows().stream().map(Row::parse)
                .collect(Collectors.toCollection(ArrayList::new)));
    }

    public static List<Row> read(Path runDir) throws IOException {
        return ResumableCsv.rows(runDir.resolve(FILE), HEADER).stream().map(Row::parse).toList();
    }

    public void append(Row row) {
        rows.add(row);
        csv.append(row.csv());
    }

    /** Makes everything appended so far durable (called at checkpoints). */
    public void flush() {
        csv.flush();
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    @Override
    public void close() {
        csv.close();
    }
}
