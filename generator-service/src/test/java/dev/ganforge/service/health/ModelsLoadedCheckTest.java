package dev.ganforge.service.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ganforge.service.messaging.CommittedTail;
import dev.ganforge.service.messaging.ControlTopicReplay;
import dev.ganforge.service.messaging.ModelTopicReplay;
import dev.ganforge.service.messaging.StartupReplay;
import dev.ganforge.service.model.ModelRegistry;
import dev.ganforge.service.model.RecordVerifier;
import dev.ganforge.service.model.RegistryListener;
import dev.ganforge.service.testing.TestKeys;
import dev.ganforge.service.testing.TestModels;
import dev.ganforge.service.testing.TrackingLoader;
import dev.ganforge.shared.contract.ModelRecord;
import dev.ganforge.shared.model.ModelMetadata;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelsLoadedCheckTest {

    private static final ModelMetadata DIGITS = TestModels.imageMetadata("digits", 0);

    private final ModelRegistry registry = new ModelRegistry(new RecordVerifier(TestKeys.verifier()),
            new TrackingLoader(), RegistryListener.NONE, Clock.systemUTC());
    private final ModelTopicReplay replay = new ModelTopicReplay(CommittedTail.NO_MARKERS);
    private final ControlTopicReplay control = new ControlTopicReplay(CommittedTail.NO_MARKERS);
    private final ModelsLoadedCheck check = new ModelsLoadedCheck(registry, new StartupReplay(replay, control, registry));

    @AfterEach
    void close() {
        registry.close();
    }

    /** Follows ModelRecordConsumer: records are staged during the replay and loaded once it has caught up. */
    @Test
    void downUntilTheReplayHasCaughtUpAndItsVersionsLoadedThenUp() {
        assignedWithRecordsAtStart(3);

        assertEquals(HealthCheckResponse.Status.DOWN, check.call().getStatus());
        registry.stage(TestModels.unsigned(version(1)));
        replay.handled(0, 0);
        registry.stage(version(2));
        replay.handled(0, 1);
        assertEquals(HealthCheckResponse.Status.DOWN, check.call().getStatus());
        assertEquals("at offset 2 of 3", check.call().getData().orElseThrow().get("replay"));
        registry.stage(version(3));
        replay.handled(0, 2);
        assertEquals(HealthCheckResponse.Status.DOWN, check.call().getStatus(),
                "caught up, but the versions it kept have not loaded yet");

        registry.loadStaged();

        assertEquals(HealthCheckResponse.Status.UP, check.call().getStatus());
        assertEquals("{digits=3}", check.call().getData().orElseThrow().get("models"));
    }

    @Test
    void aReplayWhoseRecordsAreAllRejectedStaysDown() {
        assignedWithRecordsAtStart(1);

        registry.stage(TestModels.unsigned(version(1)));
        replay.handled(0, 0);
        registry.loadStaged();

        assertEquals(HealthCheckResponse.Status.DOWN, check.call().getStatus(), "a rejected model does not count");
    }

    private void assignedWithRecordsAtStart(long records) {
        TopicPartition models = new TopicPartition("ganforge.models", 0);
        MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        consumer.updateEndOffsets(Map.of(models, records));
        replay.onPartitionsAssigned(consumer, List.of(models));
        TopicPartition routing = new TopicPartition("ganforge.control", 0);
        MockConsumer<String, byte[]> controlConsumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        controlConsumer.updateEndOffsets(Map.of(routing, 0L));
        control.onPartitionsAssigned(controlConsumer, List.of(routing));
    }

    private static ModelRecord version(long version) {
        return TestModels.signed(DIGITS, version, TestModels.imageModel(DIGITS, (int) version));
    }
}
