package dev.ganforge.shared.inference;

/**
 * Turns latents (and labels) into samples: an exported model in ONNX Runtime ({@link GeneratorSession}) or, in the
 * trainer, a checkpoint run by DJL. Both give images in [0, 1], so their outputs are directly comparable (export's
 * parity check, {@code ganforge sample}, {@code ganforge evaluate}).
 */
@FunctionalInterface
public interface SampleGenerator {

    /**
     * @param z      {@code count × latentSize} latents, row-major (InfoGAN's codes at the end of each row)
     * @param labels {@code count} class indices for conditional models; ignored (may be {@code null}) otherwise
     * @return {@code count × sampleSize} values, row-major
     */
    float[] generate(float[] z, int[] labels);
}
