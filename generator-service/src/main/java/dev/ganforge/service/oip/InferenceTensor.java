package dev.ganforge.service.oip;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A tensor as the Open Inference Protocol writes it in JSON: name, datatype ({@code FP32}, {@code INT64}…), shape
 * and the values in row-major order ({@code data}: flat or nested arrays in a request; a flat {@code float[]} in a
 * response, which Jackson writes without boxing).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferenceTensor(String name, String datatype, List<Long> shape, Map<String, Object> parameters,
                              Object data) {
}
