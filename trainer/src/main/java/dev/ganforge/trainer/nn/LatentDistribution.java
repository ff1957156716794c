package dev.ganforge.trainer.nn;

/** What z is drawn from; {@link #wireName()} is the model metadata's {@code latentDistribution}. */
public enum LatentDistribution {
    /** N(0, 1). */
    NORMAL("normal"),
    /** U[−1, 1]. */
    UNIFORM("uniform");

    private final String wireName;

    LatentDistribution(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the model metadata and {@link dev.ganforge.shared.model.LatentSampler}. */
    public String wireName() {
        return wireName;
    }
}
