package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.event.CloudEvent;
import dev.ganforge.shared.event.EventTypes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Which requests have an outcome, as the whole group of workers knows it: the worker's own
 * {@link ProcessedRequests} plus every outcome event on {@link Topics#TRAINING_EVENTS}, read from the beginning
 * once and then from where it left off each time it is asked. Another worker's outcome is on the topic (acked by
 * all replicas) before that worker commits the request, so a worker that is handed the request after a crash or
 * a rebalance, and asks here first, sees it and does not run it again.
 *
 * <p>Used from one thread at a time (a Kafka consumer underneath).
 */
final class OutcomeLog implements AutoCloseable {

    private final KafkaConnection kafka;
    private final ProcessedRequests processed;
    private final Duration timeout;
    private KafkaConsumer<String, byte[]> consumer;

    OutcomeLog(KafkaConnection kafka, ProcessedRequests processed, Duration timeout) {
        this.kafka = kafka;
        this.processed = processed;
        this.timeout = timeout;
    }

    /**
     * @return whether {@code id} has an outcome, by this worker or any other, as of now
     * @throws KafkaUnavailableException when the topic cannot be read to its current end (retry)
     */
    boolean completed(String id) {
        if (processed.contains(id)) {
            return true;
        }
        catchUp();
        return processed.contains(id);
    }

    /** Records this worker's own outcome (forced to disk) once its event is on the topic. */
    void add(String id) {
        processed.add(id);
    }

    int size() {
        return processed.size();
    }

    /** Reads the events topic from where the last read ended up to its end offsets as they are now. */
    void catchUp() {
        Instant deadline = Instant.now().plus(timeout);
        try {
            KafkaConsumer<String, byte[]> events = consumer();
            Map<TopicPartition, Long> end = new HashMap<>(events.endOffsets(events.assignment(), timeout));
            end.entrySet().removeIf(entry -> events.position(entry.getKey(), timeout) >= entry.getValue());
            while (!end.isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new KafkaUnavailableException("reading " + Topics.TRAINING_EVENTS + " did not finish within "
                            + timeout, null);
                }
                events.poll(Duration.ofMillis(200)).forEach(this::record);
                end.entrySet().removeIf(entry -> events.position(entry.getKey(), timeout) >= entry.getValue());
            }
        } catch (KafkaUnavailableException e) {
            throw e;
        } catch (KafkaException e) {
            // A consumer that failed midway may be in any state: start over from the beginning next time.
            close();
            throw new KafkaUnavailableException("cannot read " + Topics.TRAINING_EVENTS + " at "
                    + kafka.bootstrapServers() + ": " + e.getMessage(), e);
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        if (consumer == null) {
            KafkaConsumer<String, byte[]> created = new KafkaConsumer<>(kafka.consumer("ganforge-outcomes", null));
            try {
                List<TopicPartition> partitions = created.partitionsFor(Topics.TRAINING_EVENTS, timeout).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
                created.assign(partitions);
                created.seekToBeginning(partitions);
            } catch (KafkaException e) {
                created.close();
                throw e;
            }
            consumer = created;
        }
        return consumer;
    }

    private void record(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        CloudEvent event;
        try {
            event = CloudEvent.parse(new String(record.value(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException unreadable) {
            return; // someone else's record on our topic; not an outcome of ours
        }
        if (EventTypes.OUTCOMES.contains(event.type()) && event.subject() != null) {
            processed.add(event.subject());
        }
    }

    @Override
    public void close() {
        if (consumer != null) {
            try {
                consumer.close();
            } catch (ConcurrentModificationException stillInUse) {
                // a worker interrupted while its training thread winds down; the process is on its way out
            }
            consumer = null;
        }
    }
}
