package dev.ganforge.shared.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ganforge.shared.onnx.proto.Onnx.ModelProto;
import dev.ganforge.shared.onnx.proto.Onnx.StringStringEntryProto;

/**
 * Distinct copies of one ONNX model, for the hot-swap benchmark and the tests that race publishers: the publisher
 * makes no new version for bytes it has already published, so each new version needs different bytes. Only an
 * extra metadata property differs — the graph, the weights and the {@code ganforge.*} metadata stay as they are,
 * so every variant loads and runs exactly like the original.
 */
public final class ModelVariants {

    /** The property that tells the variants apart; outside the {@code ganforge.} prefix, so no consumer reads it. */
    public static final String VARIANT_PROPERTY = "variant";

    private ModelVariants() {
    }

    /** @throws IllegalArgumentException when the bytes are not an ONNX model */
    public static byte[] tagged(byte[] onnx, String variant) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(onnx);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
        }
        ModelProto.Builder builder = model.toBuilder();
        builder.clearMetadataProps();
        model.getMetadataPropsList().stream()
                .filter(entry -> !entry.getKey().equals(VARIANT_PROPERTY))
                .forEach(builder::addMetadataProps);
        builder.addMetadataProps(StringStringEntryProto.newBuilder().setKey(VARIANT_PROPERTY).setValue(variant));
        return builder.build().toByteArray();
    }
}
