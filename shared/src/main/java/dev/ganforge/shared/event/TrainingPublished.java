package dev.ganforge.shared.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Data of {@link EventTypes#PUBLISHED}: the outcome of a successful request.
 *
 * @param unchanged true when the trained bytes equalled an existing version, so no new version was made
 *                  and {@code version} names that existing one
 * @param removedVersions older versions of {@code model} the worker's retention ({@code --keep-versions}) removed
 *                        right after, oldest first; empty (and absent from the JSON) when it keeps all
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingPublished(String requestId, String model, long version, String sha256, boolean unchanged,
                                Map<String, Double> metrics,
                                @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Long> removedVersions) {

    public TrainingPublished {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        removedVersions = removedVersions == null ? List.of() : List.copyOf(removedVersions);
    }
}
