package dev.ganforge.service.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The replay's horizon logic; the real consumer calls it in every @QuarkusTest (readiness waits for it). */
class ModelTopicReplayTest {

    private static final TopicPartition P0 = new TopicPartition("ganforge.models", 0);
    private static final TopicPartition P1 = new TopicPartition("ganforge.models", 1);

    @Test
    void caughtUpOnceTheLastRecordOfEveryPartitionAtStartIsHandled() {
        ModelTopicReplay replay = new ModelTopicReplay(CommittedTail.NO_MARKERS);
        assertFalse(replay.caughtUp(), "nothing is known before the partitions are assigned");
        assertEquals("waiting for partition assignment", replay.describe());

        replay.onPartitionsAssigned(consumerWithEnds(Map.of(P0, 3L, P1, 2L)), List.of(P0, P1));
        replay.handled(0, 0);
        replay.handled(0, 1);
        replay.handled(1, 1);
        assertFalse(replay.caughtUp());
        assertEquals("at offset 4 of 5", replay.describe());

        replay.handled(0, 2);
        assertTrue(replay.caughtUp());
        assertEquals("caught up (5 records at start)", replay.describe());

        replay.handled(0, 7);
        assertTrue(replay.caughtUp(), "records published after the start change nothing");
    }

    @Test
    void anEmptyTopicIsCaughtUpAtOnceAndALaterRebalanceKeepsTheStartHorizon() {
        ModelTopicReplay replay = new ModelTopicReplay(CommittedTail.NO_MARKERS);
        replay.onPartitionsAssigned(consumerWithEnds(Map.of(P0, 0L)), List.of(P0));
        assertTrue(replay.caughtUp());

        replay.onPartitionsAssigned(consumerWithEnds(Map.of(P0, 9L)), List.of(P0));
        assertTrue(replay.caughtUp(), "the horizon is the topic's end at start, not at each assignment");
    }

    @Test
    void anEmptyAssignmentIsNotAReplay() {
        ModelTopicReplay replay = new ModelTopicReplay(CommittedTail.NO_MARKERS);
        replay.onPartitionsAssigned(consumerWithEnds(Map.of()), List.of());
        assertFalse(replay.caughtUp(), "no partition of the topic has been read");
        assertEquals("waiting for partition assignment", replay.describe());
    }

    private static MockConsumer<String, byte[]> consumerWithEnds(Map<TopicPartition, Long> ends) {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        consumer.updateEndOffsets(ends);
        return consumer;
    }
}
