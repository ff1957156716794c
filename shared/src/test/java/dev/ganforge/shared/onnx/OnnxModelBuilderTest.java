package dev.ganforge.shared.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.onnx.proto.Onnx.TensorProto.DataType;
import dev.ganforge.shared.testing.ReferenceChecker;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelBuilderTest {

    private static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();

    @TempDir
    Path dir;

    /** z [N,2] -> Gemm(W [2,3], b) -> Relu -> Reshape [N,1,1,3]. */
    private static OnnxGraphBuilder gemmReluReshape() {
        return new OnnxGraphBuilder("tiny")
                .input("z", DataType.FLOAT, 2)
                .initializer("w", new long[] {2, 3}, new float[] {1, -1, 0.5f, 2, 1, -0.25f})
                .initializer("b", new long[] {3}, new float[] {0.1f, 0.2f, -3f})
                .initializer("shape", new long[] {4}, new long[] {-1, 1, 1, 3})
                .node("Gemm", List.of("z", "w", "b"), "h")
                .node("Relu", List.of("h"), "a")
                .node("Reshape", List.of("a", "shape"), "samples")
                .output("samples", DataType.FLOAT, 1, 1, 3);
    }

    @Test
    void gemmReluReshapeRunsInOnnxRuntimeWithAnyBatchSize() throws Exception {
        byte[] model = new OnnxModelBuilder(gemmReluReshape()).toBytes();
        float[] z = {1, 2, -1, 0.5f, 0, 0};

        float[] out = run(model, Map.of("z", floats(z, 3, 2)));

        // row 0: [1*1+2*2+.1, -1+2+.2, .5-.5-3] = [5.1, 1.2, -3 -> 0]
        // row 1: [-1+1+.1, 1+.5+.2, -.5-.125-3] = [.1, 1.7, 0]; row 2: relu(b) = [.1, .2, 0]
        assertArrayEquals(new float[] {5.1f, 1.2f, 0, 0.1f, 1.7f, 0, 0.1f, 0.2f, 0}, out, 1e-6f);
        assertEquals(1, run(model, Map.of("z", floats(new float[] {0, 0}, 1, 2))).length / 3);
    }

    @Test
    void labelOneHotByGatherFromIdentityAndConcat() throws Exception {
        // The conditional generators' trick: one-hot = rows of an identity matrix picked by label.
        OnnxGraphBuilder graph = new OnnxGraphBuilder("onehot")
                .input("z", DataType.FLOAT, 1)
                .input("label", DataType.INT64)
                .initializer("eye", new long[] {3, 3}, new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1})
                .node("Gather", List.of("eye", "label"), "onehot", OnnxAttribute.of("axis", 0L))
                .node("Concat", List.of("z", "onehot"), "samples", OnnxAttribute.of("axis", 1L))
                .output("samples", DataType.FLOAT, 4);
        byte[] model = new OnnxModelBuilder(graph).toBytes();

        float[] out = run(model, Map.of(
                "z", floats(new float[] {7, 8}, 2, 1),
                "label", OnnxTensor.createTensor(ORT, LongBuffer.wrap(new long[] {2, 0}), new long[] {2})));

        assertArrayEquals(new float[] {7, 0, 0, 1, 8, 1, 0, 0}, out);
        ReferenceChecker.assertValid(model, dir);
    }

    @Test
    void attributesOfEveryKindReachTheRuntime() throws Exception {
        // LeakyRelu(alpha) then a 3x3 Conv with ints pads/kernel_shape on a [N,1,2,2] input.
        OnnxGraphBuilder graph = new OnnxGraphBuilder("conv")
                .input("x", DataType.FLOAT, 1, 2, 2)
                .initializer("k", new long[] {1, 1, 3, 3}, new float[] {0, 0, 0, 0, 1, 1, 0, 0, 0})
                .node("LeakyRelu", List.of("x"), "a", OnnxAttribute.of("alpha", 0.5f))
                .node("Conv", List.of("a", "k"), "samples",
                        OnnxAttribute.ints("kernel_shape", 3, 3), OnnxAttribute.ints("pads", 1, 1, 1, 1))
                .output("samples", DataType.FLOAT, 1, 2, 2);
        byte[] model = new OnnxModelBuilder(graph).docString("test").toBytes();

        float[] out = run(model, Map.of("x", floats(new float[] {1, -2, 3, 4}, 1, 1, 2, 2)));

        // leaky: [1, -1, 3, 4]; kernel sums each pixel with its right neighbour (zero padded)
        assertArrayEquals(new float[] {0, -1, 7, 4}, out, 1e-6f);
        ReferenceChecker.assertValid(model, dir);
    }

    @Test
    void passesTheReferenceCheckerAndDeclaresStandardHeaderFields() throws Exception {
        byte[] model = new OnnxModelBuilder(gemmReluReshape()).producerVersion("0.1.0").toBytes();

        ReferenceChecker.assertValid(model, dir);
        OnnxModelInfo info = OnnxModelReader.read(model);
        assertEquals(8, info.irVersion());
        assertEquals("ganforge", info.producerName());
    }

    @Test
    void referenceCheckerIsNotAPushover() {
        OnnxGraphBuilder dangling = new OnnxGraphBuilder("dangling")
                .input("z", DataType.FLOAT, 2)
                .node("Add", List.of("z", "ghost"), "samples")
                .output("samples", DataType.FLOAT, 2);

        assertThrows(AssertionError.class,
                () -> ReferenceChecker.assertValid(new OnnxModelBuilder(dangling).toBytes(), dir));
    }

    @Test
    void readerReturnsMetadataAndDeclaredInterface() {
        ModelMetadata metadata = new ModelMetadata("digits", "cdcgan", 2, "normal", 10,
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), "image", List.of(1, 1, 3), "mnist",
                "abc123", "run-1", 42, "2026-01-01T00:00:00Z", "0.1.0", Map.of("fid", 12.5));
        byte[] model = new OnnxModelBuilder(gemmReluReshape())
                .metadata(metadata.toOnnxProperties())
                .metadata("note", "kept")
                .toBytes();

        OnnxModelInfo info = OnnxModelReader.read(model);

        assertEquals(metadata, info.ganforgeMetadata());
        assertEquals("kept", info.metadataProps().get("note"));
        assertEquals(List.of("z"), info.inputNames());
        assertEquals(List.of("samples"), info.outputNames());
        assertEquals(new OnnxValueSpec("z", DataType.FLOAT, List.of(-1L, 2L)), info.inputs().get(0));
        assertEquals(List.of(-1L, 1L, 1L, 3L), info.outputs().get(0).shape());
    }

    @Test
    void readerRejectsBytesThatAreNoModel() {
        assertThrows(IllegalArgumentException.class, () -> OnnxModelReader.read(new byte[] {1, 2, 3, 4}));
        assertThrows(IllegalArgumentException.class, () -> OnnxModelReader.read(new byte[0]));
    }

    @Test
    void builderRefusesInconsistentDefinitions() {
        OnnxGraphBuilder graph = new OnnxGraphBuilder("bad").input("z", DataType.FLOAT, 2);
        assertThrows(IllegalArgumentException.class,
                () -> graph.initializer("w", new long[] {2, 3}, new float[5]));
        assertThrows(IllegalArgumentException.class,
                () -> graph.node("Relu", List.of("w"), "z"));
    }

    private static OnnxTensor floats(float[] values, long... shape) throws OrtException {
        return OnnxTensor.createTensor(ORT, FloatBuffer.wrap(values), shape);
    }

    private static float[] run(byte[] model, Map<String, OnnxTensor> inputs) throws OrtException {
        try (OrtSession session = ORT.createSession(model, new OrtSession.SessionOptions());
                OrtSession.Result result = session.run(inputs)) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            FloatBuffer buffer = out.getFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return values;
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }
}
