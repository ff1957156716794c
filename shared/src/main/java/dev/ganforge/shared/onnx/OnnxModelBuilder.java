package dev.ganforge.shared.onnx;

import dev.ganforge.shared.onnx.proto.Onnx.ModelProto;
import dev.ganforge.shared.onnx.proto.Onnx.OperatorSetIdProto;
import dev.ganforge.shared.onnx.proto.Onnx.StringStringEntryProto;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Wraps a graph into a standard ONNX model. IR version 8 and opset 17 are the newest that Debian's
 * python3-onnx 1.12 (our reference checker) understands, and ONNX Runtime loads them all.
 */
public final class OnnxModelBuilder {

    public static final long IR_VERSION = 8;
    public static final long OPSET_VERSION = 17;
    public static final String PRODUCER_NAME = "ganforge";

    private final OnnxGraphBuilder graph;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private String producerVersion = "";
    private String docString = "";

    public OnnxModelBuilder(OnnxGraphBuilder graph) {
        this.graph = Objects.requireNonNull(graph, "graph");
    }

    public OnnxModelBuilder producerVersion(String version) {
        this.producerVersion = Objects.requireNonNull(version, "version");
        return this;
    }

    public OnnxModelBuilder docString(String text) {
        this.docString = Objects.requireNonNull(text, "text");
        return this;
    }

    /** Adds entries to {@code metadata_props}, e.g. {@code ModelMetadata.toOnnxProperties()}. */
    public OnnxModelBuilder metadata(Map<String, String> properties) {
        metadata.putAll(properties);
        return this;
    }

    public OnnxModelBuilder metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    public ModelProto build() {
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET_VERSION))
                .setProducerName(PRODUCER_NAME)
                .setProducerVersion(producerVersion)
                .setGraph(graph.build());
        if (!docString.isEmpty()) {
            model.setDocString(docString);
        }
        metadata.forEach((key, value) -> model.addMetadataProps(
                StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
        return model.build();
    }

    public byte[] toBytes() {
        return build().toByteArray();
    }
}
