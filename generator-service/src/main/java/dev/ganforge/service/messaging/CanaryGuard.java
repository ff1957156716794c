package dev.ganforge.service.messaging;

import dev.ganforge.service.config.GeneratorConfig;
import dev.ganforge.service.inference.RunOutcomes;
import dev.ganforge.service.model.ModelRegistry;
import dev.ganforge.shared.contract.ModelRouting;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Aborts a canary split whose canary fails too often ({@code ganforge.canary.abort-error-rate}): counts the canary
 * version's generator runs on this replica and, once at least {@code abort-min-runs} ran and more than that share
 * failed, writes the abort on the control topic, as {@code DELETE /api/v1/models/{name}/canary} would, so every
 * replica drops the canary. A replica without a control signing key logs that it cannot.
 */
@ApplicationScoped
public class CanaryGuard implements RunOutcomes {

    private static final Logger LOG = Logger.getLogger(CanaryGuard.class);

    private final ModelRegistry registry;
    private final ControlPublisher control;
    private final Optional<Double> abortErrorRate;
    private final int minRuns;
    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();

    public CanaryGuard(ModelRegistry registry, ControlPublisher control, GeneratorConfig config) {
        this.registry = registry;
        this.control = control;
        this.abortErrorRate = config.canary().abortErrorRate();
        this.minRuns = config.canary().abortMinRuns();
        abortErrorRate.filter(rate -> rate < 0 || rate >= 1).ifPresent(rate -> {
            throw new IllegalArgumentException("ganforge.canary.abort-error-rate must be in [0, 1), is " + rate);
        });
        if (minRuns < 1) {
            throw new IllegalArgumentException("ganforge.canary.abort-min-runs must be at least 1, is " + minRuns);
        }
    }

    @Override
    public void ran(String model, long version, boolean failed) {
        if (abortErrorRate.isEmpty()) {
            return;
        }
        ModelRouting routing = registry.routingOf(model);
        if (routing.mode() != ModelRouting.Mode.CANARY || routing.canaryVersion() != version) {
            return;
        }
        // Each applied control record is a new routing object: a split started again counts from zero.
        Tally tally = tallies.compute(model, (name, held) -> held != null && held.routing == routing ? held
                : new Tally(routing));
        long runs = tally.runs.incrementAndGet();
        long failures = failed ? tally.failures.incrementAndGet() : tally.failures.get();
        if (runs >= minRuns && failures > abortErrorRate.get() * runs && tally.aborting.compareAndSet(false, true)) {
            LOG.warnf("model %s: canary version %d failed %d of %d runs, over ganforge.canary.abort-error-rate=%s; "
                    + "aborting the canary", model, version, failures, runs, abortErrorRate.get());
            // Never on the batcher's thread: the abort waits until this replica applied it.
            Infrastructure.getDefaultWorkerPool().execute(() -> abort(model, routing));
        }
    }

    private void abort(String model, ModelRouting failing) {
        ModelRouting now = registry.routingOf(model);
        if (!now.equals(failing)) {
            return; // routed elsewhere meanwhile (an operator, or another replica's guard)
        }
        try {
            control.publish(model, now.aborted(registry.newestAccepted(model).orElse(now.canaryVersion())));
        } catch (RuntimeException e) {
            LOG.warnf("model %s: could not abort the failing canary: %s", model, e.getMessage());
        }
    }

    /** One split's canary runs on this replica. */
    private static final class Tally {
        private final ModelRouting routing;
        private final AtomicLong runs = new AtomicLong();
        private final AtomicLong failures = new AtomicLong();
        private final AtomicBoolean aborting = new AtomicBoolean();

        Tally(ModelRouting routing) {
            this.routing = routing;
        }
    }
}
