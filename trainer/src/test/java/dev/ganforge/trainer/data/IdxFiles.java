package dev.ganforge.trainer.data;

import java.nio.file.Path;

/** Small synthetic IDX data for tests: image k has every pixel equal to k * 7 (mod 256), label k % 10. */
final class IdxFiles {

    private IdxFiles() {
    }

    static LabelledImages synthetic(int n, int rows, int cols) {
        byte[] pixels = new byte[n * rows * cols];
        byte[] labels = new byte[n];
        for (int k = 0; k < n; k++) {
            for (int p = 0; p < rows * cols; p++) {
                pixels[k * rows * cols + p] = (byte) (k * 7 + p);
            }
            labels[k] = (byte) (k % 10);
        }
        return new LabelledImages(new IdxImages(n, rows, cols, pixels), labels);
    }

    static void write(Path dir, String prefix, LabelledImages data, boolean gzip) {
        String suffix = gzip ? ".gz" : "";
        IdxWriter.writeImages(dir.resolve(prefix + "-images-idx3-ubyte" + suffix), data.images());
        IdxWriter.writeLabels(dir.resolve(prefix + "-labels-idx1-ubyte" + suffix), data.labels());
    }
}
