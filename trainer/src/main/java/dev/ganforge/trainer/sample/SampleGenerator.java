package dev.ganforge.trainer.sample;

/**
 * Turns latents (and labels) into samples: a DJL generator ({@code TrainedGenerator::generate}) or an ONNX model
 * ({@link OnnxGenerator}). Both give images in [0, 1], so their outputs are directly comparable.
 */
@FunctionalInterface
public interface SampleGenerator {

    /**
     * @param z      {@code count × latentSize} latents, row-major
     * @param labels {@code count} class indices for conditional models; ignored (may be {@code null}) otherwise
     * @return {@code count × sampleSize} values, row-major
     */
    float[] generate(float[] z, int[] labels);
}
