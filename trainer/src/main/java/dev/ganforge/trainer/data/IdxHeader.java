package dev.ganforge.trainer.data;

import java.util.Arrays;

/**
 * The header of an IDX file: element type code (0x08 = unsigned byte) and dimension sizes. Reading only the
 * header is how {@code datasets list} counts samples without loading them.
 */
public record IdxHeader(int typeCode, int[] dims) {

    public static final int UNSIGNED_BYTE = 0x08;

    public IdxHeader {
        dims = dims.clone();
    }

    public int magic() {
        return (typeCode << 8) | dims.length;
    }

    /** Number of data bytes the dimensions call for (one byte per element for unsigned bytes). */
    public long payloadBytes() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    public int count() {
        return dims[0];
    }

    @Override
    public String toString() {
        return String.format("IDX type 0x%02x dims %s", typeCode, Arrays.toString(dims));
    }
}
