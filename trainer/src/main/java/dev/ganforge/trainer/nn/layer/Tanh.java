package dev.ganforge.trainer.nn.layer;

import ai.djl.ndarray.NDArray;

/** Hyperbolic tangent; images produced through it are mapped to [0, 1] by (x + 1) / 2 downstream. */
public final class Tanh extends ParameterFreeBlock {

    @Override
    protected NDArray apply(NDArray input) {
        return input.tanh();
    }

    @Override
    public String toString() {
        return "Tanh()";
    }
}
