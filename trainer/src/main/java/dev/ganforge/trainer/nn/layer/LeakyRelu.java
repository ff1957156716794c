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
        // max(x, αx) equals leaky ReLU for 0 ≤ α ≤ 1 and keeps the gradient path simple.
        return input.maximum(input.mul(alpha));
    }

    @Override
    public String toString() {
        return "LeakyRelu(" + alpha + ")";
    }
}
