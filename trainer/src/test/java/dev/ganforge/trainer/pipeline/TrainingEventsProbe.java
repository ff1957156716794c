package dev.ganforge.trainer.pipeline;

import static org.junit.jupiter.api.Assertions.fail;

import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.event.CloudEvent;
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
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            for (CloudEvent event : seen) {
                if (condition.test(event)) {
                    return event;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                fail("no " + what + " within " + timeout + "; events seen: " + seen.stream()
                        .map(e -> e.type() + "(" + e.subject() + ")").toList());
            }
            pollOnce();
        }
    }

    CloudEvent await(String type, String subject, Duration timeout) {
        return await(e -> type.equals(e.type()) && subject.equals(e.subject()), timeout, type + " for " + subject);
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
