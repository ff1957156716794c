package dev.ganforge.shared.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link SampleBatch} as a NumPy {@code .npy} file (format version 1.0, little-endian float32, C order): what
 * {@code numpy.load} reads with no parsing on either side, and a quarter of the bytes of the JSON form.
 *
 * <p>Written here rather than taken from a library: the format is a fixed 10-byte preamble, one line of text
 * and the raw values, and the only npy library for the JVM on Maven Central (org.jetbrains.bio:npy) is Kotlin,
 * which the build forbids.
 */
public final class NpyFormat {

    public static final String MEDIA_TYPE = "application/x-npy";

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int PREAMBLE = MAGIC.length + 4;
    /** numpy aligns the data to 64 bytes so that it can be memory-mapped; we do the same. */
    private static final int ALIGNMENT = 64;
    private static final Pattern HEADER = Pattern.compile(
            "\\{\\s*'descr':\\s*'([^']*)',\\s*'fortran_order':\\s*(True|False),"
                    + "\\s*'shape':\\s*\\(([^)]*)\\),?\\s*}\\s*");

    private NpyFormat() {
    }

    public static byte[] write(SampleBatch batch) {
        byte[] header = header(batch.shape());
        float[] data = batch.data();
        ByteBuffer out = ByteBuffer.allocate(PREAMBLE + header.length + Float.BYTES * data.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length).put(header);
        out.asFloatBuffer().put(data);
        return out.array();
    }

    /**
     * Reads what {@link #write} wrote, or any version 1.0–3.0 file of little-endian float32 in C order.
     *
     * @throws IllegalArgumentException naming what is wrong, for anything else
     */
    public static SampleBatch read(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < PREAMBLE || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalArgumentException("not an npy file (no \\x93NUMPY magic)");
        }
        in.position(MAGIC.length);
        int major = in.get();
        in.get();
        int headerLength = switch (major) {
            case 1 -> Short.toUnsignedInt(in.getShort());
            case 2, 3 -> in.getInt();
            default -> throw new IllegalArgumentException("npy format version " + major + " is not supported");
        };
        if (headerLength < 0 || in.remaining() < headerLength) {
            throw new IllegalArgumentException("npy header is cut short");
        }
        String header = new String(bytes, in.position(), headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        in.position(in.position() + headerLength);
        Matcher fields = HEADER.matcher(header);
        if (!fields.matches()) {
            throw new IllegalArgumentException("npy header is not understood: " + header.strip());
        }
        if (!fields.group(1).equals("<f4") || fields.group(2).equals("True")) {
            throw new IllegalArgumentException("npy array must be little-endian float32 in C order, is descr "
                    + fields.group(1) + ", fortran_order " + fields.group(2));
        }
        List<Integer> shape = shape(fields.group(3));
        float[] data = new float[in.remaining() / Float.BYTES];
        in.asFloatBuffer().get(data);
        return new SampleBatch(shape, data);
    }

    private static byte[] header(List<Integer> shape) {
        StringBuilder dims = new StringBuilder();
        for (int dim : shape) {
            dims.append(dim).append(", ");
        }
        // A one-element tuple keeps its comma, "(15,)"; longer ones drop the trailing one, "(1, 28, 28)".
        String tuple = shape.size() == 1 ? dims.substring(0, dims.length() - 1) : dims.substring(0, dims.length() - 2);
        StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (")
                .append(tuple).append("), }");
        int padded = (PREAMBLE + header.length() + 1 + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT - PREAMBLE;
        header.append(" ".repeat(padded - header.length() - 1)).append('\n');
        return header.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<Integer> shape(String tuple) {
        List<Integer> shape = new ArrayList<>();
        for (String dim : tuple.split(",")) {
            if (!dim.isBlank()) {
                try {
                    shape.add(Integer.parseInt(dim.strip()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("npy shape is not a tuple of integers: (" + tuple + ")");
                }
            }
        }
        return shape;
    }
}
