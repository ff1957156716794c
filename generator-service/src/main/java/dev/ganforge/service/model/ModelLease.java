package dev.ganforge.service.model;

import dev.ganforge.shared.model.ModelMetadata;
import java.util.concurrent.atomic.AtomicBoolean;

/** The right to use one model version until closed; the version is not closed while a lease is open. */
public final class ModelLease implements AutoCloseable {

    private final ServingVersion serving;
    private final AtomicBoolean open = new AtomicBoolean(true);

    ModelLease(ServingVersion serving) {
        this.serving = serving;
    }

    public String name() {
        return serving.name();
    }

    public long version() {
        return serving.version();
    }

    public ModelMetadata metadata() {
        return serving.metadata();
    }

    public Generator generator() {
        return serving.generator();
    }

    @Override
    public void close() {
        if (open.compareAndSet(true, false)) {
            serving.release();
        }
    }
}
