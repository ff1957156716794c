package dev.ganforge.trainer.nn.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** 1 / (1 + e^−x). */
public final class Sigmoid extends ParameterFreeBlock {

    @Override
    protected NDArray apply(NDArray input) {
        return Activation.sigmoid(input);
    }

    @Override
    public String toString() {
        return "Sigmoid()";
    }
}
