package dev.ganforge.trainer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ganforge.shared.testing.LocalKafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The worker's hold on its group against a real broker and a real cooperative rebalance. */
class RequestsConsumerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** How long the stalled member stays in the group without polling: how long the rebalance is held open. */
    private static final Duration STALL = Duration.ofSeconds(5);

    @AutoClose
    private static final LocalKafkaBroker broker = LocalKafkaBroker.start();
    private static final KafkaConnection kafka = new KafkaConnection(broker.bootstrapServers());

    /**
     * The commit that ends a request meets a rebalance this worker is part of: its consumer has sent its JoinGroup,
     * and the group cannot complete while another member (stalled, not polling) has not rejoined. The client then
     * refuses the commit with {@link RebalanceInProgressException}, which once killed the worker thread. Now the
     * commit keeps the worker in the group until the rebalance completes (the stalled member is dropped once its
     * poll interval passes) and commits then, the partition still this worker's.
     */
    @Test
    void aCommitThatMeetsARebalanceIsMadeOnceTheRebalanceCompletes() throws Exception {
        String topic = "requests-" + UUID.randomUUID();
        String group = "workers-" + UUID.randomUUID();
        try (Admin admin = Admin.create(kafka.admin("test-admin"))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("test-producer"))) {
            for (int partition = 0; partition < 2; partition++) {
                producer.send(new ProducerRecord<>(topic, partition, "r" + partition, new byte[] {1})).get();
            }
        }
        try (KafkaConsumer<String, byte[]> worker = new KafkaConsumer<>(member(group, "worker", Duration.ofMinutes(5)));
             KafkaConsumer<String, byte[]> stalled = new KafkaConsumer<>(member(group, "stalled", STALL))) {
            worker.subscribe(List.of(topic));
            stalled.subscribe(List.of(topic));
            // Both members in the group, one partition each.
            Instant deadline = Instant.now().plus(DEADLINE);
            while (worker.assignment().size() != 1 || stalled.assignment().size() != 1) {
                worker.poll(Duration.ofMillis(100));
                stalled.poll(Duration.ofMillis(100));
                if (Instant.now().isAfter(deadline)) {
                    fail("the group never settled: " + worker.assignment() + " / " + stalled.assignment());
                }
            }
            // The request the worker is handling: its partition's record, read from the start.
            worker.seekToBeginning(worker.assignment());
            ConsumerRecord<String, byte[]> request = null;
            while (request == null) {
                ConsumerRecords<String, byte[]> records = worker.poll(Duration.ofMillis(100));
                request = records.isEmpty() ? null : records.iterator().next();
                if (Instant.now().isAfter(deadline)) {
                    fail("the worker read no request");
                }
            }
            TopicPartition partition = new TopicPartition(request.topic(), request.partition());

            AtomicInteger beats = new AtomicInteger();
            RequestsConsumer held = new RequestsConsumer(worker, Duration.ofMillis(200), beats::incrementAndGet);
            held.pauseAll();
            // A rebalance starts and this worker joins it; 'stalled' never polls again, so it cannot complete yet.
            worker.enforceRebalance();
            worker.poll(Duration.ZERO);

            assertEquals(RequestsConsumer.CommitOutcome.COMMITTED_AFTER_REBALANCE, held.commitPast(request));
            Map<TopicPartition, OffsetAndMetadata> committed = worker.committed(Set.of(partition));
            assertEquals(request.offset() + 1, committed.get(partition).offset());
            assertTrue(beats.get() > 0, "the worker polled, and beat, while the rebalance was held open");
            // The stalled member was dropped: the worker holds both partitions, and has handled nothing meanwhile.
            assertEquals(2, worker.assignment().size(), worker.assignment().toString());
            assertEquals(request.offset() + 1, worker.position(partition));
        }
    }

    private static Properties member(String group, String name, Duration pollInterval) {
        Properties props = kafka.consumer("test-" + name, group);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(pollInterval.toMillis()));
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
        return props;
    }
}
