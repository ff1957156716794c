package dev.ganforge.service.health;

import dev.ganforge.service.model.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once at least one model serves: before that every sample request would answer 503. Liveness has no
 * check of ours on purpose; a broker outage must not get a serving pod restarted.
 */
@Readiness
@ApplicationScoped
public class ModelsLoadedCheck implements HealthCheck {

    private final ModelRegistry registry;

    public ModelsLoadedCheck(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        var active = registry.activeVersions();
        return HealthCheckResponse.named("models-loaded")
                .status(!active.isEmpty())
                .withData("models", active.toString())
                .build();
    }
}
