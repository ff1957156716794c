package dev.ganforge.service.oip;

import java.util.List;

/**
 * {@code GET /v2/models/{name}}: the versions this replica can serve and the tensors a generator takes and gives.
 *
 * @param platform {@code onnxruntime_onnx}, as Triton names ONNX Runtime models
 */
public record ModelMetadataResponse(String name, List<String> versions, String platform,
                                    List<TensorMetadata> inputs, List<TensorMetadata> outputs) {

    /** One input or output: name, datatype and shape, −1 for the batch dimension. */
    public record TensorMetadata(String name, String datatype, List<Long> shape) {
    }
}
