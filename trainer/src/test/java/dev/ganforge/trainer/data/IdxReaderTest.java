package dev.ganforge.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void roundTripsImagesAndLabels(boolean gzip) {
        LabelledImages data = IdxFiles.synthetic(12, 5, 4);
        IdxFiles.write(dir, "train", data, gzip);
        String suffix = gzip ? ".gz" : "";
        Path images = dir.resolve("train-images-idx3-ubyte" + suffix);

        IdxImages read = IdxReader.readImages(images);
        assertEquals(12, read.count());
        assertEquals(5, read.rows());
        assertEquals(4, read.cols());
        assertArrayEquals(data.images().pixels(), read.pixels());
        assertArrayEquals(data.labels(), IdxReader.readLabels(dir.resolve("train-labels-idx1-ubyte" + suffix)));
        assertArrayEquals(new int[] {12, 5, 4}, IdxReader.readHeader(images).dims());
    }

    @Test
    void detectsGzipByContentNotName() throws IOException {
        LabelledImages data = IdxFiles.synthetic(3, 2, 2);
        IdxWriter.writeImages(dir.resolve("x.gz"), data.images());
        Path misnamed = Files.move(dir.resolve("x.gz"), dir.resolve("images.idx"));
        assertEquals(0x1f, Files.readAllBytes(misnamed)[0] & 0xff, "written gzipped");
        assertArrayEquals(data.images().pixels(), IdxReader.readImages(misnamed).pixels());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedFileNamesFileAndProblem(boolean gzip) throws IOException {
        Path file = dir.resolve("imgs" + (gzip ? ".gz" : ""));
        IdxWriter.writeImages(file, IdxFiles.synthetic(10, 6, 6).images());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 40));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void trailingBytesAreRejected() throws IOException {
        Path file = dir.resolve("labels");
        IdxWriter.writeLabels(file, new byte[] {1, 2, 3});
        Files.write(file, new byte[] {9}, java.nio.file.StandardOpenOption.APPEND);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxReader.readLabels(file));
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    }

    @Test
    void wrongMagicIsRejected() throws IOException {
        Path labels = dir.resolve("labels");
        IdxWriter.writeLabels(labels, new byte[] {1, 2, 3});
        IllegalArgumentException asImages =
                assertThrows(IllegalArgumentException.class, () -> IdxReader.readImages(labels));
        assertTrue(asImages.getMessage().contains(labels.toString()), asImages.getMessage());
        assertTrue(asImages.getMessage().contains("0x00000801"), asImages.getMessage());

        Path junk = dir.resolve("junk.png");
        Files.write(junk, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0});
        IllegalArgumentException notIdx =
                assertThrows(IllegalArgumentException.class, () -> IdxReader.readLabels(junk));
        assertTrue(notIdx.getMessage().contains("not an unsigned-byte IDX header"), notIdx.getMessage());
    }

    @Test
    void emptyFileIsTruncatedHeader() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxReader.readLabels(empty));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void countMismatchNamesBothFiles() {
        IdxWriter.writeImages(dir.resolve("imgs"), IdxFiles.synthetic(6, 2, 2).images());
        IdxWriter.writeLabels(dir.resolve("lbls"), new byte[5]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelledImages.read(dir.resolve("imgs"), dir.resolve("lbls")));
        assertTrue(e.getMessage().contains("6 images"), e.getMessage());
        assertTrue(e.getMessage().contains("5 labels"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("lbls").toString()), e.getMessage());
    }
}
