package dev.ganforge.shared.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Data of {@link EventTypes#REJECTED}: the request was not run.
 *
 * @param requestId the request's id when it could be read, else null
 * @param record    where the request was on Kafka, {@code topic-partition@offset}, so an unreadable one can
 *                  still be found
 * @param reasons   every problem found, not just the first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingRejected(String requestId, String record, List<String> reasons) {

    public TrainingRejected {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
}
