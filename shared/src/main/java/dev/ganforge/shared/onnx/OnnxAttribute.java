package dev.ganforge.shared.onnx;

import com.google.protobuf.ByteString;
import dev.ganforge.shared.onnx.proto.Onnx.AttributeProto;
import dev.ganforge.shared.onnx.proto.Onnx.AttributeProto.AttributeType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** One named node attribute, e.g. {@code OnnxAttribute.ints("pads", 1, 1, 1, 1)}. */
public record OnnxAttribute(AttributeProto proto) {

    public static OnnxAttribute of(String name, long value) {
        return new OnnxAttribute(base(name, AttributeType.INT).setI(value).build());
    }

    public static OnnxAttribute of(String name, float value) {
        return new OnnxAttribute(base(name, AttributeType.FLOAT).setF(value).build());
    }

    public static OnnxAttribute of(String name, String value) {
        return new OnnxAttribute(base(name, AttributeType.STRING)
                .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build());
    }

    public static OnnxAttribute ints(String name, long... values) {
        AttributeProto.Builder builder = base(name, AttributeType.INTS);
        Arrays.stream(values).forEach(builder::addInts);
        return new OnnxAttribute(builder.build());
    }

    public static OnnxAttribute floats(String name, float... values) {
        AttributeProto.Builder builder = base(name, AttributeType.FLOATS);
        for (float value : values) {
            builder.addFloats(value);
        }
        return new OnnxAttribute(builder.build());
    }

    private static AttributeProto.Builder base(String name, AttributeType type) {
        return AttributeProto.newBuilder().setName(name).setType(type);
    }
}
