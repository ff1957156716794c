package dev.ganforge.service.health;

import dev.ganforge.service.messaging.ModelTopicReplay;
import dev.ganforge.service.model.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the replay of the models topic has caught up, the versions it kept are loaded and at least one model
 * serves: before that every sample request would answer 503, or come from a version long superseded. Liveness has no check of ours on purpose; a
 * broker outage must not get a serving pod restarted.
 */
@Readiness
@ApplicationScoped
public class ModelsLoadedCheck implements HealthCheck {

    private final ModelRegistry registry;
    private final ModelTopicReplay replay;

    public ModelsLoadedCheck(ModelRegistry registry, ModelTopicReplay replay) {
        this.registry = registry;
        this.replay = replay;
    }

    @Override
    public HealthCheckResponse call() {
        var active = registry.activeVersions();
        return HealthCheckResponse.named("models-loaded")
                .status(!active.isEmpty() && replay.caughtUp() && !registry.anyStaged())
                .withData("models", active.toString())
                .withData("replay", replay.describe())
                .build();
    }
}
