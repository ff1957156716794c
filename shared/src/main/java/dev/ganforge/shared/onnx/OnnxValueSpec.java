package dev.ganforge.shared.onnx;

import dev.ganforge.shared.onnx.proto.Onnx.TensorProto.DataType;
import java.util.List;

/**
 * A declared graph input or output.
 *
 * @param shape dimensions, {@code -1} for symbolic ones such as the batch dimension (ONNX Runtime's convention)
 */
public record OnnxValueSpec(String name, DataType elementType, List<Long> shape) {

    public OnnxValueSpec {
        shape = List.copyOf(shape);
    }
}
