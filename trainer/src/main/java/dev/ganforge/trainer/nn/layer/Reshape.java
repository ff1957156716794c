package dev.ganforge.trainer.nn.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/** Reshapes each sample to a fixed shape; the batch dimension is kept. */
public final class Reshape extends ParameterFreeBlock {

    private final long[] sampleShape;

    public Reshape(long... sampleShape) {
        this.sampleShape = sampleShape.clone();
    }

    /** Per-sample target shape, without the batch dimension. */
    public long[] sampleShape() {
        return sampleShape.clone();
    }

    @Override
    protected NDArray apply(NDArray input) {
        return input.reshape(withBatch(input.getShape().get(0)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {withBatch(inputShapes[0].get(0))};
    }

    private Shape withBatch(long batch) {
        long[] dims = new long[sampleShape.length + 1];
        dims[0] = batch;
        System.arraycopy(sampleShape, 0, dims, 1, sampleShape.length);
        return new Shape(dims);
    }

    @Override
    public String toString() {
        return "Reshape(" + Arrays.toString(sampleShape) + ")";
    }
}
