package dev.ganforge.shared.onnx;

/**
 * Names of the inputs and output every exported ganforge generator declares. Shapes: {@code z} float32
 * {@code [N, latentSize]}, {@code label} int64 {@code [N]} (conditional models only, class indices),
 * {@code samples} float32 {@code [N, outputShape...]} with images in [0, 1].
 */
public final class GeneratorSignature {

    public static final String LATENT_INPUT = "z";
    public static final String LABEL_INPUT = "label";
    public static final String OUTPUT = "samples";

    private GeneratorSignature() {
    }
}
