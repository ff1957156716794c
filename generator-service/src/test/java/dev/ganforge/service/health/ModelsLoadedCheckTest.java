package dev.ganforge.service.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ganforge.service.messaging.ModelTopicReplay;
import dev.ganforge.service.model.ModelRegistry;
import dev.ganforge.service.model.RecordVerifier;
import dev.ganforge.service.model.RegistryListener;
import dev.ganforge.service.testing.TestKeys;
import dev.ganforge.service.testing.TestModels;
import dev.ganforge.service.testing.TrackingLoader;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.signing.Ed25519Keys;
import dev.ganforge.shared.signing.ModelVerifier;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class ModelsLoadedCheckTest {

    @Test
    void downUntilTheReplayHasCaughtUpAndAModelServesThenUp() throws Exception {
        try (ModelRegistry registry = new ModelRegistry(new RecordVerifier(new ModelVerifier(
                List.of(Ed25519Keys.readPublicKey(TestKeys.publicKeyFile())))), new TrackingLoader(),
                RegistryListener.NONE, Clock.systemUTC())) {
            ModelTopicReplay replay = new ModelTopicReplay();
            ModelsLoadedCheck check = new ModelsLoadedCheck(registry, replay);
            ModelMetadata digits = TestModels.imageMetadata("digits", 0);
            TopicPartition models = new TopicPartition("ganforge.models", 0);
            MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
            consumer.updateEndOffsets(Map.of(models, 3L));
            replay.onPartitionsAssigned(consumer, List.of(models));

            assertEquals(HealthCheckResponse.Status.DOWN, check.call().getStatus());
            registry.offer(TestModels.unsigned(TestModels.signed(digits, 1, TestModels.imageModel(digits, 1))));
            replay.handled(0, 0);
            assertEquals(HealthCheckResponse.Status.DOWN, check.call().getStatus(), "a rejected model does not count");
            registry.offer(TestModels.signed(digits, 2, TestModels.imageModel(digits, 2)));
            replay.handled(0, 1);
            assertEquals(HealthCheckResponse.Status.DOWN, check.call().getStatus(),
                    "version 2 serves, but the topic held a newer record at start");
            assertEquals("at offset 2 of 3", check.call().getData().orElseThrow().get("replay"));
            registry.offer(TestModels.signed(digits, 3, TestModels.imageModel(digits, 3)));
            replay.handled(0, 2);
            assertEquals(HealthCheckResponse.Status.UP, check.call().getStatus());
        }
    }
}
