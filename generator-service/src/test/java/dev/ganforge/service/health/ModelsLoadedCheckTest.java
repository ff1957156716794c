package dev.ganforge.service.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class ModelsLoadedCheckTest {

    @Test
    void downUntilAModelServesThenUp() throws Exception {
        try (ModelRegistry registry = new ModelRegistry(new RecordVerifier(new ModelVerifier(
                List.of(Ed25519Keys.readPublicKey(TestKeys.publicKeyFile())))), new TrackingLoader(),
                RegistryListener.NONE, Clock.systemUTC())) {
            ModelsLoadedCheck check = new ModelsLoadedCheck(registry);
            ModelMetadata digits = TestModels.imageMetadata("digits", 0);

            assertEquals(HealthCheckResponse.Status.DOWN, check.call().getStatus());
            registry.offer(TestModels.unsigned(TestModels.signed(digits, 1, TestModels.imageModel(digits, 1))));
            assertEquals(HealthCheckResponse.Status.DOWN, check.call().getStatus(), "a rejected model does not count");
            registry.offer(TestModels.signed(digits, 2, TestModels.imageModel(digits, 2)));
            assertEquals(HealthCheckResponse.Status.UP, check.call().getStatus());
        }
    }
}
