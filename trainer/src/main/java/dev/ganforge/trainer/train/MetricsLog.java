package dev.ganforge.trainer.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

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

    private final BufferedWriter out;
    private final List<Row> rows;

    private MetricsLog(BufferedWriter out, List<Row> rows) {
        this.out = out;
        this.rows = rows;
    }

    /** Opens the log keeping only rows with {@code step <= lastStep} (all of them for a fresh run: 0 rows). */
    public static MetricsLog open(Path runDir, long lastStep) throws IOException {
        Path file = runDir.resolve(FILE);
        List<Row> kept = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("step")) {
                    Row row = Row.parse(line);
                    if (row.step() <= lastStep) {
                        kept.add(row);
                    }
                }
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        kept.forEach(r -> lines.add(r.csv()));
        Files.write(file, lines, StandardCharsets.UTF_8);
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return new MetricsLog(out, kept);
    }

    public static List<Row> read(Path runDir) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(runDir.resolve(FILE), StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("step")) {
                rows.add(Row.parse(line));
            }
        }
        return rows;
    }

    public void append(Row row) {
        rows.add(row);
        try {
            out.write(row.csv());
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes everything appended so far durable (called at checkpoints). */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
