package dev.ganforge.service.health;

import dev.ganforge.service.messaging.ControlTopicReplay;
import dev.ganforge.service.messaging.ModelTopicReplay;
import dev.ganforge.service.model.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the replays of the models and control topics have caught up, the versions it kept are loaded and at least one model
 * serves: before that every sample request would answer 503, or come from a version long superseded. Liveness has no check of ours on purpose; a
 * broker outage must not get a serving pod restarted.
 */
@Readiness
@ApplicationScoped
public class ModelsLoadedCheck implements HealthCheck {

    private final ModelRegistry registry;
    private final ModelTopicReplay replay;
    private final ControlTopicReplay control;

    public ModelsLoadedCheck(ModelRegistry registry, ModelTopicReplay replay, ControlTopicReplay control) {
        this.registry = registry;
        this.replay = replay;
        this.control = control;
    }

    @Override
    public HealthCheckResponse call() {
        var active = registry.activeVersions();
        return HealthCheckResponse.named("models-loaded")
                .status(!active.isEmpty() && replay.caughtUp() && control.caughtUp() && !registry.anyStaged())
                .withData("models", active.toString())
                .withData("replay", replay.describe())
                .withData("control", control.describe())
                .build();
    }
}
