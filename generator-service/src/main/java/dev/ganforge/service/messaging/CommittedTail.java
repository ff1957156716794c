package dev.ganforge.service.messaging;

import dev.ganforge.shared.contract.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where the last record a read-committed consumer receives sits in a partition. Publishers write each version in a
 * Kafka transaction (docs/contracts.md, "Versions"), so a partition usually ends in a commit marker, which no
 * consumer ever receives: the record just before the end offset is not the last one that arrives. This reads the
 * tail backwards, in doubling windows, with a consumer of its own, until it finds a record.
 */
@FunctionalInterface
public interface CommittedTail {

    /** For a partition whose every offset is a record (no transactions): the one before the end. */
    CommittedTail NO_MARKERS = (partition, end) -> end - 1;

    /** @return the offset of the last record below {@code end} a read-committed consumer receives, or -1 for none */
    long lastRecordBefore(TopicPartition partition, long end);

    /** Reads with a consumer made from {@code kafka} (the connector's {@code kafka.*} settings). */
    static CommittedTail reading(Map<String, Object> kafka) {
        return (partition, end) -> {
            if (end <= 0) {
                return -1;
            }
            Map<String, Object> settings = new HashMap<>(kafka);
            settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
            settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "ganforge-replay-tail");
            settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
            settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_MODEL_RECORD_BYTES);
            settings.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Topics.MAX_MODEL_RECORD_BYTES);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer.assign(List.of(partition));
                for (long window = 2; ; window *= 2) {
                    long from = Math.max(0, end - window);
                    consumer.seek(partition, from);
                    long last = -1;
                    while (consumer.position(partition) < end) {
                        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                            if (record.offset() < end) {
                                last = Math.max(last, record.offset());
                            }
                        }
                    }
                    if (last >= 0 || from == 0) {
                        return last;
                    }
                }
            }
        };
    }
}
