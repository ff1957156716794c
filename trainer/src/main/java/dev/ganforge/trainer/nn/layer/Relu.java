package dev.ganforge.trainer.nn.layer;

import ai.djl.ndarray.NDArray;

/** max(x, 0). */
public final class Relu extends ParameterFreeBlock {

    @Override
    protected NDArray apply(NDArray input) {
        return input.maximum(0f);
    }

    @Override
    public String toString() {
        return "Relu()";
    }
}
