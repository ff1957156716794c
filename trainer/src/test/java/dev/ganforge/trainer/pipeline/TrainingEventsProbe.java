package dev.ganforge.trainer.pipeline;

import static org.junit.jupiter.api.Assertions.fail;

import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.event.CloudEvent;
import dev.ganforge.shared.event.EventTypes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Watches the training events topic from its beginning; tests wait on it with a deadline, never a sleep. */
final class TrainingEventsProbe implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<CloudEvent> seen = new ArrayList<>();

    TrainingEventsProbe(KafkaConnection kafka) {
        consumer = new KafkaConsumer<>(kafka.consumer("test-probe", null));
        List<TopicPartition> partitions = List.of(new TopicPartition(Topics.TRAINING_EVENTS, 0));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** The first event (seen before or arriving within {@code timeout}) matching {@code condition}. */
    CloudEvent await(Predicate<CloudEvent> condition, Duration timeout, String what) {
        return await(condition, timeout, what, true);
    }

    /**
     * Like {@link #await(Predicate, Duration, String)}; with {@code required} false, returns null at the
     * deadline instead of failing, which makes the probe's poll a bounded wait for other conditions.
     */
    CloudEvent await(Predicate<CloudEvent> condition, Duration timeout, String what, boolean required) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            for (CloudEvent event : seen) {
                if (condition.test(event)) {
                    return event;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                if (!required) {
                    return null;
                }
                fail("no " + what + " within " + timeout + "; events seen: " + seen.stream()
                        .map(e -> e.type() + "(" + e.subject() + ")").toList());
            }
            pollOnce();
        }
    }

    CloudEvent await(String type, String subject, Duration timeout) {
        return await(e -> type.equals(e.type()) && subject.equals(e.subject()), timeout, type + " for " + subject);
    }

    /**
     * Waits for the outcome of a request and insists it is {@code type}; a different outcome fails at once with
     * its data (the rejection reasons or the training error) instead of timing out.
     */
    CloudEvent awaitOutcome(String type, String subject, Duration timeout) {
        CloudEvent outcome = await(e -> EventTypes.OUTCOMES.contains(e.type()) && subject.equals(e.subject()),
                timeout, "outcome for " + subject);
        if (!type.equals(outcome.type())) {
            fail("expected " + type + " for " + subject + " but got " + outcome.type() + ": " + outcome.data());
        }
        return outcome;
    }

    /** Everything seen so far with this subject. */
    List<CloudEvent> about(String subject) {
        return seen.stream().filter(e -> subject.equals(e.subject())).toList();
    }

    private void pollOnce() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            seen.add(CloudEvent.parse(new String(record.value(), StandardCharsets.UTF_8)));
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
