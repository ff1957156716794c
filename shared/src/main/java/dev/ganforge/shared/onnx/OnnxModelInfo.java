package dev.ganforge.shared.onnx;

import dev.ganforge.shared.model.ModelMetadata;
import java.util.List;
import java.util.Map;

/** What {@link OnnxModelReader} learns from a model file without running it. */
public record OnnxModelInfo(
        long irVersion,
        String producerName,
        Map<String, String> metadataProps,
        List<OnnxValueSpec> inputs,
        List<OnnxValueSpec> outputs) {

    public OnnxModelInfo {
        metadataProps = Map.copyOf(metadataProps);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public List<String> inputNames() {
        return inputs.stream().map(OnnxValueSpec::name).toList();
    }

    public List<String> outputNames() {
        return outputs.stream().map(OnnxValueSpec::name).toList();
    }

    /** The ganforge metadata carried in {@code metadata_props}; fails when the model has none. */
    public ModelMetadata ganforgeMetadata() {
        return ModelMetadata.fromOnnxProperties(metadataProps);
    }
}
