package dev.ganforge.service.oip;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The answer to an inference request; {@code parameters} carries the seed the latents were drawn from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferResponse(@JsonProperty("model_name") String modelName,
                            @JsonProperty("model_version") String modelVersion, String id,
                            Map<String, Object> parameters, List<InferenceTensor> outputs) {
}
