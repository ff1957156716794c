package dev.ganforge.trainer.nn.layer;

import ai.djl.ndarray.NDArray;

/** max(x, 0). */
public final class Relu extends ParameterFreeBlock {

    @Override
    protected NDArray apply(NDArray input) {
        // The engine's relu: one op, where maximum(x, 0) also makes a scalar tensor and a costlier backward.
        return input.getNDArrayInternal().relu();
    }

    @Override
    public String toString() {
        return "Relu()";
    }
}
