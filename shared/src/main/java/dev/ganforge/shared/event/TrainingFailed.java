package dev.ganforge.shared.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Data of {@link EventTypes#FAILED}: the request was valid but training, export or publishing failed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingFailed(String requestId, String model, String error) {
}
