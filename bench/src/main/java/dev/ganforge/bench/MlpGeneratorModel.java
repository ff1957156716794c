package dev.ganforge.bench;

import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.onnx.GeneratorSignature;
import dev.ganforge.shared.onnx.OnnxGraphBuilder;
import dev.ganforge.shared.onnx.OnnxModelBuilder;
import dev.ganforge.shared.onnx.proto.Onnx.TensorProto.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A benchmark model without training: the generator of the {@code mlp} architecture (trainer's {@code MlpGan}:
 * {@code z[100] → Gemm 128 → Relu → Gemm 784 → Sigmoid → [1, 28, 28]}) with seeded Xavier-uniform weights, written
 * with the shared ONNX writer. Inference cost depends on the graph, not on what the weights learnt, so it times
 * like a trained mlp (226 304 FLOPs per sample) and is byte-for-byte the same on every machine.
 * The conditional variant adds a learnt class bias {@code E[label]} after the first layer, so labels are fed.
 *
 * <p>{@code java -cp 'bench/target/classes:bench/target/lib/*' dev.ganforge.bench.MlpGeneratorModel OUT.onnx
 * [--conditional]}
 */
public final class MlpGeneratorModel {

    public static final int LATENT = 100;
    public static final int HIDDEN = 128;
    public static final int PIXELS = 28 * 28;
    public static final int CLASSES = 10;

    private MlpGeneratorModel() {
    }

    /** FLOPs of one sample's forward pass, counted like bench.training.ForwardFlops (2 per multiply-add, Gemm only). */
    public static long flopsPerSample() {
        return 2L * (LATENT * HIDDEN + HIDDEN * PIXELS);
    }

    public static byte[] bytes(boolean conditional) {
        Random random = new Random(20261123L);
        OnnxGraphBuilder graph = new OnnxGraphBuilder("bench-mlp-generator")
                .input(GeneratorSignature.LATENT_INPUT, DataType.FLOAT, LATENT)
                .initializer("W1", new long[] {LATENT, HIDDEN}, xavier(random, LATENT, HIDDEN))
                .initializer("b1", new long[] {HIDDEN}, new float[HIDDEN])
                .initializer("W2", new long[] {HIDDEN, PIXELS}, xavier(random, HIDDEN, PIXELS))
                .initializer("b2", new long[] {PIXELS}, new float[PIXELS])
                .initializer("shape", new long[] {4}, new long[] {-1, 1, 28, 28})
                .node("Gemm", List.of(GeneratorSignature.LATENT_INPUT, "W1", "b1"), "hidden_linear");
        String hidden = "hidden_linear";
        if (conditional) {
            graph.input(GeneratorSignature.LABEL_INPUT, DataType.INT64)
                    .initializer("E", new long[] {CLASSES, HIDDEN}, xavier(random, CLASSES, HIDDEN))
                    .node("Gather", List.of("E", GeneratorSignature.LABEL_INPUT), "class_bias")
                    .node("Add", List.of(hidden, "class_bias"), "hidden_conditioned");
            hidden = "hidden_conditioned";
        }
        graph.node("Relu", List.of(hidden), "hidden")
                .node("Gemm", List.of("hidden", "W2", "b2"), "logits")
                .node("Sigmoid", List.of("logits"), "flat")
                .node("Reshape", List.of("flat", "shape"), GeneratorSignature.OUTPUT)
                .output(GeneratorSignature.OUTPUT, DataType.FLOAT, 1, 28, 28);
        return new OnnxModelBuilder(graph).producerVersion("bench")
                .metadata(metadata(conditional).toOnnxProperties())
                .toBytes();
    }

    public static ModelMetadata metadata(boolean conditional) {
        int classes = conditional ? CLASSES : 0;
        List<String> names = IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        return new ModelMetadata(conditional ? "bench-mlp-conditional" : "bench-mlp", "mlp", LATENT, "uniform",
                classes, names, "image", List.of(1, 28, 28), "none", "0".repeat(64), "bench", 0,
                "2026-01-01T00:00:00Z", "bench", Map.of());
    }

    public static Path write(Path file, boolean conditional) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return Files.write(file, bytes(conditional));
    }

    public static void main(String[] args) {
        List<String> arguments = List.of(args);
        boolean conditional = arguments.contains("--conditional");
        List<String> paths = arguments.stream().filter(a -> !a.equals("--conditional")).toList();
        if (paths.size() != 1 || paths.get(0).startsWith("-")) {
            System.err.println("usage: MlpGeneratorModel OUT.onnx [--conditional]");
            System.exit(2);
        }
        try {
            Path written = write(Path.of(paths.get(0)), conditional);
            System.out.println(written + " (" + Files.size(written) + " bytes, " + flopsPerSample()
                    + " FLOPs per sample)");
        } catch (IOException e) {
            System.err.println("MlpGeneratorModel: cannot write " + paths.get(0) + ": " + e.getMessage());
            System.exit(1);
        }
    }

    private static float[] xavier(Random random, int fanIn, int fanOut) {
        double bound = Math.sqrt(6.0 / (fanIn + fanOut));
        float[] weights = new float[fanIn * fanOut];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return weights;
    }
}
