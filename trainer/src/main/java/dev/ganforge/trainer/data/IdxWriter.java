package dev.ganforge.trainer.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;

/**
 * Writes standard IDX files. A name ending in {@code .gz} is written gzipped (readers detect compression by
 * content, so this only follows the naming convention). Files appear atomically: a crash mid-write leaves
 * no half file that a later load would trip over.
 */
public final class IdxWriter {

    private IdxWriter() {
    }

    public static void writeImages(Path file, IdxImages images) {
        write(file, IdxReader.IMAGES_MAGIC, new int[] {images.count(), images.rows(), images.cols()},
                images.pixels());
    }

    public static void writeLabels(Path file, byte[] labels) {
        write(file, IdxReader.LABELS_MAGIC, new int[] {labels.length}, labels);
    }

    private static void write(Path file, int magic, int[] dims, byte[] data) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            try {
                try (DataOutputStream out = new DataOutputStream(open(tmp, file))) {
                    out.writeInt(magic);
                    for (int d : dims) {
                        out.writeInt(d);
                    }
                    out.write(data);
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static OutputStream open(Path tmp, Path target) throws IOException {
        OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
        return target.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
    }
}
