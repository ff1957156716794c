package dev.ganforge.trainer.pipeline;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's hold on the requests topic while it works on one request: polls that keep it in its consumer group
 * without handing it another record, and the commit that ends the request, which must survive the group changing
 * under it (a worker joining or leaving). Its own class so that a test can drive both against a real group.
 */
final class RequestsConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RequestsConsumer.class);

    /** What became of a commit. */
    enum CommitOutcome {
        /** Committed. */
        COMMITTED,
        /** Committed once a rebalance that met the first attempt had completed, the partition still this worker's. */
        COMMITTED_AFTER_REBALANCE,
        /** The partition went to another worker first; that worker sees the request's outcome and skips it. */
        LOST_TO_REBALANCE
    }

    private final Consumer<String, byte[]> consumer;
    private final Duration poll;
    private final Runnable beat;

    /** @param beat called after every poll: the worker's liveness signal */
    RequestsConsumer(Consumer<String, byte[]> consumer, Duration poll, Runnable beat) {
        this.consumer = consumer;
        this.poll = poll;
        this.beat = beat;
    }

    void pauseAll() {
        consumer.pause(consumer.assignment());
    }

    void resumeAll() {
        consumer.resume(consumer.assignment());
    }

    /**
     * One poll that keeps the consumer in its group (heartbeats, rebalances) while every assigned partition stays
     * paused: records it hands out anyway (partitions a rebalance just assigned) are rewound, never handled here.
     */
    void pollHandlingNothing() {
        pauseAll();
        ConsumerRecords<String, byte[]> unexpected = consumer.poll(poll);
        beat.run();
        for (TopicPartition partition : unexpected.partitions()) {
            consumer.seek(partition, unexpected.records(partition).get(0).offset());
        }
        pauseAll();
    }

    /**
     * Commits the group's position past {@code record}.
     *
     * @throws org.apache.kafka.common.errors.RetriableException when the broker did not answer; the caller retries
     */
    CommitOutcome commitPast(ConsumerRecord<?, ?> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Map<TopicPartition, OffsetAndMetadata> offset = Map.of(partition, new OffsetAndMetadata(record.offset() + 1));
        boolean rebalanced = false;
        while (true) {
            try {
                consumer.commitSync(offset);
                return rebalanced ? CommitOutcome.COMMITTED_AFTER_REBALANCE : CommitOutcome.COMMITTED;
            } catch (CommitFailedException moved) {
                LOG.warn("commit of {} lost to a rebalance: {}", offset, moved.getMessage());
                return CommitOutcome.LOST_TO_REBALANCE;
            } catch (RebalanceInProgressException rebalancing) {
                // Neither CommitFailedException nor retriable: with the cooperative protocol the rebalance completes
                // in poll, after which the partition is either still ours (commit again) or another worker's.
                rebalanced = true;
                try {
                    pollHandlingNothing();
                } finally {
                    resumeAll();
                }
                if (!consumer.assignment().contains(partition)) {
                    LOG.warn("commit of {} lost to a rebalance: the partition moved to another worker", offset);
                    return CommitOutcome.LOST_TO_REBALANCE;
                }
            }
        }
    }
}
