package dev.ganforge.service.model;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Registry events as Prometheus metrics: {@code ganforge_model_active_version}, {@code ganforge_model_swaps_total},
 * {@code ganforge_model_accepted_total}, {@code ganforge_model_rejections_total},
 * {@code ganforge_model_evictions_total}, {@code ganforge_model_removals_total}.
 */
@ApplicationScoped
public class ModelMetrics implements RegistryListener {

    private final MeterRegistry meters;
    private final Map<String, AtomicLong> activeVersions = new ConcurrentHashMap<>();

    public ModelMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void activated(String name, long version, long previous, String because) {
        activeVersions.computeIfAbsent(name, model -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("ganforge.model.active.version", value, AtomicLong::get)
                    .description("Version of the model currently serving")
                    .tag("model", model)
                    .register(meters);
            return value;
        }).set(version);
        Counter.builder("ganforge.model.swaps")
                .description("Times a model's serving version changed")
                .tag("model", name)
                .tag("because", because)
                .register(meters)
                .increment();
    }

    @Override
    public void accepted(String name, long version) {
        Counter.builder("ganforge.model.accepted").description("Model records that passed every check")
                .tag("model", name).register(meters).increment();
    }

    @Override
    public void evicted(String name, long version) {
        Counter.builder("ganforge.model.evictions")
                .description("Model versions unloaded to keep within ganforge.models.retained-versions")
                .tag("model", name).register(meters).increment();
    }

    @Override
    public void removed(String name, long version) {
        Counter.builder("ganforge.model.removals")
                .description("Model versions dropped because a signed removal took them off ganforge.models")
                .tag("model", name).register(meters).increment();
    }

    @Override
    public void rejected(String name, String version, String reason) {
        Counter.builder("ganforge.model.rejections").description("Model records rejected")
                .tag("model", name == null ? "unknown" : name).register(meters).increment();
    }
}
