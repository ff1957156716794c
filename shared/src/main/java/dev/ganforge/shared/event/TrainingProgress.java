package dev.ganforge.shared.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Data of {@link EventTypes#PROGRESS}, throttled by the worker.
 *
 * @param totalSteps      the step the run ends at (absent from older workers)
 * @param losses          named losses at this step, e.g. {@code {"d": 0.61, "g": 0.93}}
 * @param imagesPerSecond training throughput (samples per second for non-image models)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingProgress(String requestId, String model, int epoch, long step, Long totalSteps,
                               Map<String, Double> losses, double imagesPerSecond) {

    public TrainingProgress {
        losses = losses == null ? Map.of() : Map.copyOf(losses);
    }
}
