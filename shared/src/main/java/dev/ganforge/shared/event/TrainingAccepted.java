package dev.ganforge.shared.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Data of {@link EventTypes#ACCEPTED}: the worker took the request and starts (or resumes) training.
 *
 * @param requestId id of the retrain request event (also the event subject)
 * @param resumed   true when an earlier attempt left checkpoints and training continues from them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingAccepted(String requestId, String model, String architecture, String dataset,
                               boolean resumed) {
}
