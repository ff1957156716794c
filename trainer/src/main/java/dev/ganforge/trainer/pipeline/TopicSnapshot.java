package dev.ganforge.trainer.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads every partition of a topic from the beginning up to the end offsets taken when the read starts, with
 * no consumer group: a consistent "what is there now" that leaves no committed offsets behind.
 */
final class TopicSnapshot {

    private final KafkaConnection kafka;
    private final Duration timeout;

    TopicSnapshot(KafkaConnection kafka, Duration timeout) {
        this.kafka = kafka;
        this.timeout = timeout;
    }

    /** @throws KafkaUnavailableException when the broker does not answer or the read outlasts the timeout */
    void read(String topic, Consumer<ConsumerRecord<String, byte[]>> visitor) {
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.consumer("ganforge-reader", null))) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                return;
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(assigned, timeout));
            end.entrySet().removeIf(entry -> consumer.position(entry.getKey(), timeout) >= entry.getValue());
            while (!end.isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new KafkaUnavailableException("reading " + topic + " from " + kafka.bootstrapServers()
                            + " did not finish within " + timeout, null);
                }
                consumer.poll(Duration.ofMillis(500)).forEach(visitor);
                end.entrySet().removeIf(entry -> consumer.position(entry.getKey(), timeout) >= entry.getValue());
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new KafkaUnavailableException("no Kafka broker answered at " + kafka.bootstrapServers(), e);
        } catch (KafkaException e) {
            throw new KafkaUnavailableException("cannot read " + topic + ": " + e.getMessage(), e);
        }
    }
}
