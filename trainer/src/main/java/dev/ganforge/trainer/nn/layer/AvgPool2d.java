package dev.ganforge.trainer.nn.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * Non-overlapping k×k average pooling of {@code [N, C, H, W]} (stride k, no padding): TensorFlow's
 * {@code average_pool_2x2} for k = 2. A named block rather than DJL's lambda so the tree still reads as the graph.
 */
public final class AvgPool2d extends ParameterFreeBlock {

    private final int size;

    public AvgPool2d(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("pool size must be positive, got " + size);
        }
        this.size = size;
    }

    public int size() {
        return size;
    }

    @Override
    protected NDArray apply(NDArray input) {
        Shape window = new Shape(size, size);
        return Pool.avgPool2d(input, window, window, new Shape(0, 0), false, true);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), in.get(2) / size, in.get(3) / size)};
    }

    @Override
    public String toString() {
        return "AvgPool2d(" + size + ")";
    }
}
