package dev.ganforge.service.testing;

import dev.ganforge.shared.contract.ModelRecord;
import dev.ganforge.shared.model.LatentCodes;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.onnx.OnnxGraphBuilder;
import dev.ganforge.shared.onnx.OnnxModelBuilder;
import dev.ganforge.shared.onnx.proto.Onnx.TensorProto.DataType;
import dev.ganforge.shared.signing.ModelSigner;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.Arrays;

/**
 * Small but real generator graphs written with the shared ONNX writer, and signed records carrying them.
 * Image models are {@code sigmoid(z·W + b [+ E[label]])} reshaped to [N, 1, 28, 28]: cheap, yet every pixel
 * depends on z, so seeds and versions visibly matter.
 */
public final class TestModels {

    public static final int LATENT = 8;
    public static final List<Integer> IMAGE_SHAPE = List.of(1, 28, 28);

    /** The key tests sign with; the service under test trusts it. */
    public static final ModelSigner SIGNER = TestKeys.signer();

    private TestModels() {
    }

    public static ModelMetadata imageMetadata(String name, int labelCount) {
        List<String> labelNames = IntStream.range(0, labelCount).mapToObj(i -> "class-" + i).toList();
        return new ModelMetadata(name, labelCount > 0 ? "cdcgan" : "mlp", LATENT, "normal", labelCount, labelNames,
                "image", IMAGE_SHAPE, "test", "0".repeat(64), "run-" + name, 100, "2026-01-01T00:00:00Z", "test",
                Map.of("fid", 12.5));
    }

    /** An InfoGAN image generator: uniform latents whose last {@code codes.size()} values are the codes. */
    public static ModelMetadata infoganMetadata(String name, LatentCodes codes) {
        ModelMetadata base = imageMetadata(name, 0);
        return new ModelMetadata(base.name(), "infogan", base.latentSize(), "uniform", 0, List.of(),
                base.outputKind(), base.outputShape(), base.dataset(), base.datasetFingerprint(), base.runId(),
                base.step(), base.createdAt(), base.ganforgeVersion(), base.metrics(), codes);
    }

    /** The curves toy: 15 points per sample. */
    public static ModelMetadata curveMetadata(String name) {
        return new ModelMetadata(name, "curves", LATENT, "uniform", 0, List.of(), "curve", List.of(15), "curves",
                "0".repeat(64), "run-" + name, 100, "2026-01-01T00:00:00Z", "test", Map.of());
    }

    /** An image generator; {@code variant} changes the weights so versions produce different samples. */
    public static byte[] imageModel(ModelMetadata metadata, int variant) {
        return imageModel(metadata, variant, IMAGE_SHAPE, false);
    }

    /**
     * @param outputShape the per-sample shape the graph really produces (may disagree with the metadata)
     * @param poisoned    put NaN into the weights, so smoke inference fails
     */
    public static byte[] imageModel(ModelMetadata metadata, int variant, List<Integer> outputShape, boolean poisoned) {
        return imageModel(metadata, variant, outputShape, poisoned, -1);
    }

    /**
     * An image generator that passes every check at load (its smoke run draws two samples) but fails in ONNX
     * Runtime for any other batch size: its output is reshaped to exactly two samples. A bad version that only
     * serving finds out.
     */
    public static byte[] imageModelForBatchesOfTwo(ModelMetadata metadata, int variant) {
        return imageModel(metadata, variant, IMAGE_SHAPE, false, 2);
    }

    private static byte[] imageModel(ModelMetadata metadata, int variant, List<Integer> outputShape, boolean poisoned,
                                     long batch) {
        int pixels = outputShape.stream().reduce(1, (a, b) -> a * b);
        Random random = new Random(variant);
        float[] weights = new float[LATENT * pixels];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) random.nextGaussian() * 0.5f;
        }
        if (poisoned) {
            weights[0] = Float.NaN;
        }
        float[] bias = new float[pixels];
        Arrays.fill(bias, variant * 0.1f);
        long[] reshape = new long[outputShape.size() + 1];
        reshape[0] = batch;
        for (int i = 0; i < outputShape.size(); i++) {
            reshape[i + 1] = outputShape.get(i);
        }
        OnnxGraphBuilder graph = new OnnxGraphBuilder("test-generator")
                .input("z", DataType.FLOAT, LATENT)
                .initializer("W", new long[] {LATENT, pixels}, weights)
                .initializer("b", new long[] {pixels}, bias)
                .initializer("shape", new long[] {reshape.length}, reshape)
                .node("Gemm", List.of("z", "W", "b"), "logits");
        String beforeSigmoid = "logits";
        if (metadata.conditional()) {
            float[] embedding = new float[metadata.labelCount() * pixels];
            for (int i = 0; i < embedding.length; i++) {
                embedding[i] = (i / pixels) * 0.3f - 1f;
            }
            graph.input("label", DataType.INT64)
                    .initializer("E", new long[] {metadata.labelCount(), pixels}, embedding)
                    .node("Gather", List.of("E", "label"), "class_bias")
                    .node("Add", List.of("logits", "class_bias"), "conditioned");
            beforeSigmoid = "conditioned";
        }
        graph.node("Sigmoid", List.of(beforeSigmoid), "flat")
                .node("Reshape", List.of("flat", "shape"), "samples")
                .output("samples", DataType.FLOAT, outputShape.stream().mapToLong(Integer::longValue).toArray());
        return new OnnxModelBuilder(graph).metadata(metadata.toOnnxProperties()).toBytes();
    }

    /** A correctly signed record. */
    public static ModelRecord signed(ModelMetadata metadata, long version, byte[] onnx) {
        return signed(metadata, version, onnx, SIGNER);
    }

    public static ModelRecord signed(ModelMetadata metadata, long version, byte[] onnx, ModelSigner signer) {
        return ModelRecord.sign(metadata.name(), version, onnx, metadata, signer);
    }

    /** The same record without signature headers. */
    public static ModelRecord unsigned(ModelRecord record) {
        return new ModelRecord(record.name(), record.version(), record.sha256(), null, null, record.metadataJson(),
                record.bytes());
    }

    /** The same headers with one byte of the model flipped. */
    public static ModelRecord corrupted(ModelRecord record) {
        byte[] bytes = record.bytes().clone();
        bytes[bytes.length / 2] ^= 0x5A;
        return new ModelRecord(record.name(), record.version(), record.sha256(), record.signature(), record.keyId(),
                record.metadataJson(), bytes);
    }
}
