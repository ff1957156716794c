package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.event.CloudEvent;
import dev.ganforge.shared.event.EventTypes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads {@link Topics#TRAINING_EVENTS} from the beginning to its current end. */
public final class TrainingEventHistory {

    private final TopicSnapshot snapshot;

    public TrainingEventHistory(KafkaConnection kafka, Duration timeout) {
        this.snapshot = new TopicSnapshot(kafka, timeout);
    }

    /** Every event that parses, in topic order; unreadable records are skipped. */
    public List<CloudEvent> events() {
        List<CloudEvent> events = new ArrayList<>();
        snapshot.read(Topics.TRAINING_EVENTS, record -> {
            if (record.value() == null) {
                return;
            }
            try {
                events.add(CloudEvent.parse(new String(record.value(), StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException unreadable) {
                // someone else's record on our topic; not an outcome of ours
            }
        });
        return events;
    }

    /** Subjects (request ids) of every outcome event: the requests that must never run again. */
    public Set<String> completedRequestIds() {
        Set<String> ids = new HashSet<>();
        for (CloudEvent event : events()) {
            if (EventTypes.OUTCOMES.contains(event.type()) && event.subject() != null) {
                ids.add(event.subject());
            }
        }
        return ids;
    }
}
