package dev.ganforge.trainer.nn.layer;

import ai.djl.ndarray.NDArray;

/** x for x &gt; 0, alpha·x otherwise. */
public final class LeakyRelu extends ParameterFreeBlock {

    private final float alpha;

    public LeakyRelu(float alpha) {
        this.alpha = alpha;
    }

    public float alpha() {
        return alpha;
    }

    @Override
    protected NDArray apply(NDArray input) {
        // The engine's kernel: one op and one autograd node, not max(x, αx)'s three (with a scalar tensor).
        return input.getNDArrayInternal().leakyRelu(alpha);
    }

    @Override
    public String toString() {
        return "LeakyRelu(" + alpha + ")";
    }
}
