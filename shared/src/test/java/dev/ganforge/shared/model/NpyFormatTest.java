package dev.ganforge.shared.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Against files NumPy itself wrote (src/test/resources/npy/README.md says how). */
class NpyFormatTest {

    @Test
    void readsWhatNumpyWrote() throws IOException {
        SampleBatch images = NpyFormat.read(resource("images-2x1x3x3.npy"));
        assertEquals(List.of(2, 1, 3, 3), images.shape());
        assertEquals(18, images.data().length);
        assertEquals(0f, images.data()[0]);
        assertEquals(5f / 17, images.data()[5]);
        assertEquals(1f, images.data()[17]);

        SampleBatch curve = NpyFormat.read(resource("curve-15.npy"));
        assertEquals(List.of(15), curve.shape());
        assertEquals(-1f, curve.data()[0]);
        assertEquals(1f, curve.data()[14]);
    }

    @Test
    void writesTheBytesNumpyWrites() throws IOException {
        for (String name : List.of("images-2x1x3x3.npy", "curve-15.npy")) {
            byte[] numpy = resource(name);
            assertArrayEquals(numpy, NpyFormat.write(NpyFormat.read(numpy)), name);
        }
    }

    @Test
    void dataStartsOnA64ByteBoundaryForEveryRank() {
        for (List<Integer> shape : List.of(List.of(7), List.of(1, 784), List.of(64, 3, 128, 128),
                List.of(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1))) {
            float[] data = new float[shape.stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b)];
            Arrays.fill(data, 0.25f);
            byte[] npy = NpyFormat.write(new SampleBatch(shape, data));
            int dataStart = npy.length - Float.BYTES * data.length;
            assertEquals(0, dataStart % 64, "shape " + shape);
            assertEquals('\n', npy[dataStart - 1]);
            SampleBatch back = NpyFormat.read(npy);
            assertEquals(shape, back.shape());
            assertArrayEquals(data, back.data());
        }
    }

    @Test
    void rejectsWhatIsNotLittleEndianFloat32InCOrder() throws IOException {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NpyFormat.read(resource("int64.npy")))
                .getMessage().contains("descr <i8"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NpyFormat.read(resource("fortran.npy")))
                .getMessage().contains("fortran_order True"));
    }

    @Test
    void rejectsWhatIsNotNpyOrIsCutShort() throws IOException {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NpyFormat.read("{\"shape\":[1]}".getBytes()))
                .getMessage().contains("not an npy file"));
        byte[] images = resource("images-2x1x3x3.npy");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> NpyFormat.read(Arrays.copyOf(images, 40))).getMessage().contains("cut short"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> NpyFormat.read(Arrays.copyOf(images, images.length - 4)))
                .getMessage().contains("needs 18 values"));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = NpyFormatTest.class.getResourceAsStream("/npy/" + name)) {
            return in.readAllBytes();
        }
    }
}
