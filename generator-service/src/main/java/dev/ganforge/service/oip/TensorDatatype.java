package dev.ganforge.service.oip;

import dev.ganforge.service.inference.InvalidSampleRequestException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The protocol's datatypes a generator's inputs can arrive in, with their size in bytes: what raw tensor data (the
 * binary tensor data extension on HTTP, {@code raw_input_contents} on gRPC) is read as. Raw data is little-endian,
 * row-major, without padding.
 */
public enum TensorDatatype {
    FP32(4), FP64(8), INT32(4), INT64(8);

    private final int bytes;

    TensorDatatype(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    /** The datatype a tensor names; raw data of any other cannot be read here. */
    public static TensorDatatype of(String tensor, String datatype) {
        for (TensorDatatype type : values()) {
            if (type.name().equals(datatype)) {
                return type;
            }
        }
        throw new InvalidSampleRequestException("input " + tensor + " has datatype " + datatype
                + ", which cannot be read as raw data here (FP32, FP64, INT32, INT64)");
    }

    /** {@code count} elements from {@code raw} (little-endian), as doubles, which hold every FP32 and INT32 exactly. */
    public double[] read(ByteBuffer raw, int count) {
        ByteBuffer data = raw.slice().order(ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = switch (this) {
                case FP32 -> data.getFloat(i * 4);
                case FP64 -> data.getDouble(i * 8);
                case INT32 -> data.getInt(i * 4);
                case INT64 -> data.getLong(i * 8);
            };
        }
        return values;
    }

    /** FP32 values as raw data: little-endian, row-major. */
    public static byte[] raw(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }
}
