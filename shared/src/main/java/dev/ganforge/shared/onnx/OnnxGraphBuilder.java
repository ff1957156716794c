package dev.ganforge.shared.onnx;

import com.google.protobuf.ByteString;
import dev.ganforge.shared.onnx.proto.Onnx.GraphProto;
import dev.ganforge.shared.onnx.proto.Onnx.NodeProto;
import dev.ganforge.shared.onnx.proto.Onnx.TensorProto;
import dev.ganforge.shared.onnx.proto.Onnx.TensorProto.DataType;
import dev.ganforge.shared.onnx.proto.Onnx.TensorShapeProto;
import dev.ganforge.shared.onnx.proto.Onnx.TypeProto;
import dev.ganforge.shared.onnx.proto.Onnx.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Assembles an ONNX graph: batched inputs and outputs, initializers and nodes. Inputs and outputs always get
 * the symbolic batch dimension {@value #BATCH_DIM} first, so one model serves any batch size.
 */
public final class OnnxGraphBuilder {

    /** Name of the dynamic leading dimension of every graph input and output. */
    public static final String BATCH_DIM = "N";

    private final GraphProto.Builder graph;
    private final Set<String> names = new HashSet<>();

    public OnnxGraphBuilder(String name) {
        this.graph = GraphProto.newBuilder().setName(name);
    }

    /** Adds a graph input of shape {@code [N, sampleDims...]}. */
    public OnnxGraphBuilder input(String name, DataType type, long... sampleDims) {
        graph.addInput(batchedValue(claim(name), type, sampleDims));
        return this;
    }

    /** Declares a graph output of shape {@code [N, sampleDims...]}; some node must produce {@code name}. */
    public OnnxGraphBuilder output(String name, DataType type, long... sampleDims) {
        graph.addOutput(batchedValue(name, type, sampleDims));
        return this;
    }

    /** A float32 constant; {@code values} are row-major and must fill {@code dims}. */
    public OnnxGraphBuilder initializer(String name, long[] dims, float[] values) {
        checkSize(name, dims, values.length);
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        graph.addInitializer(tensor(claim(name), DataType.FLOAT, dims, raw));
        return this;
    }

    /** An int64 constant; {@code values} are row-major and must fill {@code dims}. */
    public OnnxGraphBuilder initializer(String name, long[] dims, long[] values) {
        checkSize(name, dims, values.length);
        ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        graph.addInitializer(tensor(claim(name), DataType.INT64, dims, raw));
        return this;
    }

    /** A single-output node in the default ONNX domain. */
    public OnnxGraphBuilder node(String opType, List<String> inputs, String output, OnnxAttribute... attributes) {
        return node(opType, inputs, List.of(output), attributes);
    }

    public OnnxGraphBuilder node(String opType, List<String> inputs, List<String> outputs,
            OnnxAttribute... attributes) {
        NodeProto.Builder node = NodeProto.newBuilder()
                .setOpType(opType)
                .setName(opType + "_" + graph.getNodeCount())
                .addAllInput(inputs);
        outputs.forEach(output -> node.addOutput(claim(output)));
        Arrays.stream(attributes).forEach(attribute -> node.addAttribute(attribute.proto()));
        graph.addNode(node);
        return this;
    }

    /** Whether a value (input, initializer or node output) of this name already exists. */
    public boolean has(String name) {
        return names.contains(name);
    }

    public GraphProto build() {
        return graph.build();
    }

    // ONNX requires every value to have exactly one producer; catching duplicates here beats a checker error.
    private String claim(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("ONNX value '" + name + "' is defined twice");
        }
        return name;
    }

    private static ValueInfoProto batchedValue(String name, DataType type, long[] sampleDims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        shape.addDimBuilder().setDimParam(BATCH_DIM);
        Arrays.stream(sampleDims).forEach(dim -> shape.addDimBuilder().setDimValue(dim));
        TypeProto.Tensor tensorType = TypeProto.Tensor.newBuilder()
                .setElemType(type.getNumber())
                .setShape(shape)
                .build();
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(tensorType))
                .build();
    }

    private static TensorProto tensor(String name, DataType type, long[] dims, ByteBuffer raw) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        Arrays.stream(dims).forEach(tensor::addDims);
        return tensor.setRawData(ByteString.copyFrom(raw.array())).build();
    }

    private static void checkSize(String name, long[] dims, int length) {
        long expected = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        if (expected != length) {
            throw new IllegalArgumentException("initializer '" + name + "' has shape " + Arrays.toString(dims)
                    + " (" + expected + " values) but " + length + " values were given");
        }
    }
}
