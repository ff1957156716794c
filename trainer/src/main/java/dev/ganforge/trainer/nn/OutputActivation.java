package dev.ganforge.trainer.nn;

/** The generator's last activation, which fixes the range of its raw output. */
public enum OutputActivation {
    /** Output in [0, 1]. */
    SIGMOID,
    /** Output in [−1, 1]; images are mapped to [0, 1] by (x + 1) / 2, and trained on pixels scaled to [−1, 1]. */
    TANH,
    /** Unbounded (curves). */
    LINEAR
}
