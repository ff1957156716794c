package dev.ganforge.trainer.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads standard IDX files (the MNIST format), plain or gzipped. Compression is detected from the gzip magic
 * bytes, never from the file name, because renamed and half-decompressed downloads are common. Every
 * structural problem is an {@link IllegalArgumentException} naming the file and what is wrong with it.
 */
public final class IdxReader {

    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;
    private static final int MAX_DIMS = 8;

    private IdxReader() {
    }

    /** Reads an image file: magic 0x00000803, dims [n, rows, cols], unsigned bytes. */
    public static IdxImages readImages(Path file) {
        return read(file, IMAGES_MAGIC, "images", (header, data) ->
                new IdxImages(header.dims()[0], header.dims()[1], header.dims()[2], data));
    }

    /** Reads a label file: magic 0x00000801, dims [n], unsigned bytes. */
    public static byte[] readLabels(Path file) {
        return read(file, LABELS_MAGIC, "labels", (header, data) -> data);
    }

    /** Reads just the header; cheap even for large gzipped files. */
    public static IdxHeader readHeader(Path file) {
        try (DataInputStream in = open(file)) {
            return header(file, in);
        } catch (EOFException e) {
            throw problem(file, "truncated header");
        } catch (ZipException e) {
            throw problem(file, "corrupt gzip data (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Payload<T> {
        T build(IdxHeader header, byte[] data);
    }

    private static <T> T read(Path file, int expectedMagic, String what, Payload<T> payload) {
        try (DataInputStream in = open(file)) {
            IdxHeader header = header(file, in);
            if (header.magic() != expectedMagic) {
                throw problem(file, String.format("magic 0x%08x is not an IDX %s file (expected 0x%08x)",
                        header.magic(), what, expectedMagic));
            }
            for (int i = 1; i < header.dims().length; i++) {
                if (header.dims()[i] <= 0) {
                    throw problem(file, "dimension " + i + " is " + header.dims()[i]);
                }
            }
            long size = header.payloadBytes();
            if (size > Integer.MAX_VALUE - 16) {
                throw problem(file, header + " is too large to load (" + size + " bytes)");
            }
            byte[] data = in.readNBytes((int) size);
            if (data.length < size) {
                throw problem(file, "truncated: header " + java.util.Arrays.toString(header.dims())
                        + " needs " + size + " data bytes, file has " + data.length);
            }
            if (in.read() != -1) {
                throw problem(file, "has trailing bytes after the " + size + " data bytes its header declares");
            }
            return payload.build(header, data);
        } catch (EOFException e) {
            throw problem(file, "truncated (unexpected end of data)");
        } catch (ZipException e) {
            throw problem(file, "corrupt gzip data (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static IdxHeader header(Path file, DataInputStream in) throws IOException {
        int magic = in.readInt();
        int type = (magic >>> 8) & 0xff;
        int dimCount = magic & 0xff;
        if ((magic >>> 16) != 0 || type != IdxHeader.UNSIGNED_BYTE || dimCount == 0 || dimCount > MAX_DIMS) {
            throw problem(file, String.format("magic 0x%08x is not an unsigned-byte IDX header", magic));
        }
        int[] dims = new int[dimCount];
        for (int i = 0; i < dimCount; i++) {
            dims[i] = in.readInt();
            if (dims[i] < 0) {
                throw problem(file, "negative dimension " + dims[i]);
            }
        }
        return new IdxHeader(type, dims);
    }

    private static DataInputStream open(Path file) throws IOException {
        BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        InputStream in = b0 == GZIP_MAGIC_0 && b1 == GZIP_MAGIC_1
                ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16)
                : raw;
        return new DataInputStream(in);
    }

    private static IllegalArgumentException problem(Path file, String what) {
        return new IllegalArgumentException(file + ": " + what);
    }
}
