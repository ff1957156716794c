package dev.ganforge.shared.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ganforge.shared.onnx.proto.Onnx.ModelProto;
import dev.ganforge.shared.onnx.proto.Onnx.StringStringEntryProto;
import dev.ganforge.shared.onnx.proto.Onnx.TensorProto.DataType;
import dev.ganforge.shared.onnx.proto.Onnx.TensorShapeProto;
import dev.ganforge.shared.onnx.proto.Onnx.ValueInfoProto;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the declared interface and metadata of an ONNX model, so consumers can check a model before handing
 * it to a runtime. Initializers count as graph inputs in older IR versions; they are left out here.
 */
public final class OnnxModelReader {

    private OnnxModelReader() {
    }

    /** @throws IllegalArgumentException when the bytes are not an ONNX model with a graph */
    public static OnnxModelInfo read(byte[] bytes) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
        }
        if (!model.hasGraph() || model.getIrVersion() <= 0) {
            throw new IllegalArgumentException("not an ONNX model: no graph or IR version");
        }
        Map<String, String> props = new LinkedHashMap<>();
        for (StringStringEntryProto entry : model.getMetadataPropsList()) {
            props.put(entry.getKey(), entry.getValue());
        }
        Set<String> initializers = model.getGraph().getInitializerList().stream()
                .map(tensor -> tensor.getName())
                .collect(Collectors.toSet());
        List<OnnxValueSpec> inputs = model.getGraph().getInputList().stream()
                .filter(value -> !initializers.contains(value.getName()))
                .map(OnnxModelReader::spec)
                .toList();
        List<OnnxValueSpec> outputs = model.getGraph().getOutputList().stream()
                .map(OnnxModelReader::spec)
                .toList();
        return new OnnxModelInfo(model.getIrVersion(), model.getProducerName(), props, inputs, outputs);
    }

    private static OnnxValueSpec spec(ValueInfoProto value) {
        var tensorType = value.getType().getTensorType();
        DataType type = DataType.forNumber(tensorType.getElemType());
        List<Long> shape = tensorType.getShape().getDimList().stream()
                .map(dim -> dim.getValueCase() == TensorShapeProto.Dimension.ValueCase.DIM_VALUE
                        ? dim.getDimValue() : -1L)
                .toList();
        return new OnnxValueSpec(value.getName(), type == null ? DataType.UNDEFINED : type, shape);
    }
}
