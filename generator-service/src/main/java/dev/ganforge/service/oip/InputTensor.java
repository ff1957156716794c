package dev.ganforge.service.oip;

import dev.ganforge.service.inference.InvalidSampleRequestException;
import java.util.List;

/**
 * An input tensor of an inference request, whatever carried it (JSON {@code data}, the binary extension's bytes,
 * gRPC's typed contents or raw bytes): name, datatype, shape and its values in row-major order. Doubles hold every
 * FP32, INT32 and (generators take small integers) INT64 value a generator can use exactly.
 */
public record InputTensor(String name, String datatype, List<Long> shape, double[] values) {

    /** Elements a tensor of {@code shape} holds; a shape that cannot be, or is too large to read, is a bad request. */
    public static long elements(String name, List<Long> shape) {
        if (shape == null || shape.isEmpty() || shape.stream().anyMatch(d -> d == null || d < 0)) {
            throw new InvalidSampleRequestException("input " + name + " needs a shape of non-negative sizes, has "
                    + shape);
        }
        try {
            long elements = shape.stream().reduce(1L, Math::multiplyExact);
            if (elements > Integer.MAX_VALUE) {
                throw new ArithmeticException();
            }
            return elements;
        } catch (ArithmeticException e) {
            throw new InvalidSampleRequestException("input " + name + "'s shape " + shape + " is too large");
        }
    }
}
