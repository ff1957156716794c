package dev.ganforge.service.messaging;

import dev.ganforge.service.inference.StartupGate;
import dev.ganforge.service.model.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * This replica's start-up replay, complete once both topics have been read up to the ends they had at start and the
 * versions staged meanwhile have loaded: only then does it know what every model serves (a pin or a canary split may
 * name a version older than the newest). Readiness needs it, and so does every sample request ({@link StartupGate}).
 * It never goes back: after start, records are applied as they come.
 */
@ApplicationScoped
public class StartupReplay implements StartupGate {

    private final ModelTopicReplay models;
    private final ControlTopicReplay control;
    private final ModelRegistry registry;
    /** Latched, so that a sample request costs a volatile read once the replay is over. */
    private volatile boolean complete;

    public StartupReplay(ModelTopicReplay models, ControlTopicReplay control, ModelRegistry registry) {
        this.models = models;
        this.control = control;
        this.registry = registry;
    }

    public boolean complete() {
        if (!complete) {
            complete = models.caughtUp() && control.caughtUp() && !registry.anyStaged();
        }
        return complete;
    }

    @Override
    public Optional<String> pending() {
        if (complete()) {
            return Optional.empty();
        }
        return Optional.of("this replica is still replaying its topics (ganforge.models: " + models.describe()
                + "; ganforge.control: " + control.describe() + "), after which it knows which version serves");
    }

    /** The models topic's progress, for the health check. */
    public String describeModels() {
        return models.describe();
    }

    /** The control topic's progress, for the health check. */
    public String describeControl() {
        return control.describe();
    }
}
