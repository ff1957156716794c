package dev.ganforge.trainer.nn.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** [N, d1, d2, …] → [N, d1·d2·…]. */
public final class Flatten extends ParameterFreeBlock {

    @Override
    protected NDArray apply(NDArray input) {
        return input.reshape(input.getShape().get(0), -1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.size() / in.get(0))};
    }

    @Override
    public String toString() {
        return "Flatten()";
    }
}
