package dev.ganforge.trainer.nn;

/** What one generated sample is; {@link #wireName()} is the model metadata's {@code outputKind}. */
public enum OutputKind {
    /** {@code [C, H, W]} pixels. */
    IMAGE("image"),
    /** {@code [points]} y values. */
    CURVE("curve");

    private final String wireName;

    OutputKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the model metadata. */
    public String wireName() {
        return wireName;
    }
}
