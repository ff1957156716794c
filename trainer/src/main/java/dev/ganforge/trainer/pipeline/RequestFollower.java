package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.event.CloudEvent;
import dev.ganforge.shared.event.EventTypes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows one retraining request on {@link Topics#TRAINING_EVENTS} until its outcome (published, refused, rejected
 * or failed). Open it before sending the request: it starts at the topic's end as it is then, so no event of the
 * request can be missed and none of the history is read.
 */
public final class RequestFollower implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaConnection kafka;

    public RequestFollower(KafkaConnection kafka, Duration timeout) {
        this.kafka = kafka;
        this.consumer = new KafkaConsumer<>(kafka.consumer("ganforge-retrain-follower", null));
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.TRAINING_EVENTS, timeout).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            end.forEach(consumer::seek);
        } catch (KafkaException e) {
            consumer.close();
            throw new KafkaUnavailableException("cannot follow " + Topics.TRAINING_EVENTS + " at "
                    + kafka.bootstrapServers() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Hands every event of request {@code id} to {@code onEvent} as it arrives and returns its outcome event, or
     * empty when none came within {@code timeout}.
     */
    public Optional<CloudEvent> follow(String id, Duration timeout, Consumer<CloudEvent> onEvent) {
        Instant deadline = Instant.now().plus(timeout);
        try {
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    CloudEvent event = parse(record);
                    if (event == null || !id.equals(event.subject())) {
                        continue;
                    }
                    onEvent.accept(event);
                    if (EventTypes.OUTCOMES.contains(event.type())) {
                        return Optional.of(event);
                    }
                }
            }
            return Optional.empty();
        } catch (KafkaException e) {
            throw new KafkaUnavailableException("lost " + Topics.TRAINING_EVENTS + " at " + kafka.bootstrapServers()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Hands every outcome event, of any request, to {@code onOutcome} as it arrives, until {@code stop} says so
     * (checked at least twice a second): the demo's running commentary on retraining requests.
     */
    public void followOutcomes(java.util.function.BooleanSupplier stop, Consumer<CloudEvent> onOutcome) {
        try {
            while (!stop.getAsBoolean()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    CloudEvent event = parse(record);
                    if (event != null && EventTypes.OUTCOMES.contains(event.type())) {
                        onOutcome.accept(event);
                    }
                }
            }
        } catch (KafkaException e) {
            throw new KafkaUnavailableException("lost " + Topics.TRAINING_EVENTS + " at " + kafka.bootstrapServers()
                    + ": " + e.getMessage(), e);
        }
    }

    private static CloudEvent parse(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            return CloudEvent.parse(new String(record.value(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException unreadable) {
            return null;
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
