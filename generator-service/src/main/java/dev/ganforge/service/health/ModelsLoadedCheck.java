package dev.ganforge.service.health;

import dev.ganforge.service.messaging.StartupReplay;
import dev.ganforge.service.model.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the start-up replay is complete ({@link StartupReplay}: the models and control topics caught up, the
 * versions it kept loaded) and at least one model serves: before that every sample request answers 503. Liveness
 * has no check of ours on purpose; a broker outage must not get a serving pod restarted.
 */
@Readiness
@ApplicationScoped
public class ModelsLoadedCheck implements HealthCheck {

    private final ModelRegistry registry;
    private final StartupReplay replay;

    public ModelsLoadedCheck(ModelRegistry registry, StartupReplay replay) {
        this.registry = registry;
        this.replay = replay;
    }

    @Override
    public HealthCheckResponse call() {
        var active = registry.activeVersions();
        return HealthCheckResponse.named("models-loaded")
                .status(replay.complete() && !active.isEmpty())
                .withData("models", active.toString())
                .withData("replay", replay.describeModels())
                .withData("control", replay.describeControl())
                .build();
    }
}
