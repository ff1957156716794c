package dev.ganforge.service.model;

/** A loaded generator graph. Implementations must allow concurrent {@link #generate} calls. */
public interface Generator extends AutoCloseable {

    /**
     * Runs the graph once.
     *
     * @param latents {@code count × latentSize} floats, row-major
     * @param labels  {@code count} class indices, or {@code null} for unconditional models
     * @return {@code count × sampleSize} floats, row-major
     */
    float[] generate(float[] latents, long[] labels, int count) throws Exception;

    @Override
    void close();
}
