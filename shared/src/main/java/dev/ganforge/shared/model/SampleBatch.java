package dev.ganforge.shared.model;

import java.util.List;

/**
 * Generated samples in the JSON wire format used by {@code ganforge sample --format json} and the service:
 * {@code {"shape":[N, ...], "data":[...]}}, row-major, values in [0, 1] for images.
 */
public record SampleBatch(List<Integer> shape, float[] data) {

    public SampleBatch {
        shape = List.copyOf(shape);
        long expected = shape.stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
        if (expected != data.length) {
            throw new IllegalArgumentException("shape " + shape + " needs " + expected + " values, got " + data.length);
        }
    }

    public int count() {
        return shape.get(0);
    }
}
