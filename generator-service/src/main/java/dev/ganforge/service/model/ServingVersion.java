package dev.ganforge.service.model;

import dev.ganforge.shared.model.ModelMetadata;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A generator that may serve requests, reference counted so that a swap never closes it under a running
 * request: the registry holds one reference while the version is active, every {@link ModelLease} holds one
 * more, and whoever drops the last one closes the generator.
 */
final class ServingVersion {

    private final String name;
    private final long version;
    private final ModelMetadata metadata;
    private final Generator generator;
    private final AtomicInteger references = new AtomicInteger(1);

    ServingVersion(String name, long version, ModelMetadata metadata, Generator generator) {
        this.name = name;
        this.version = version;
        this.metadata = metadata;
        this.generator = generator;
    }

    String name() {
        return name;
    }

    long version() {
        return version;
    }

    ModelMetadata metadata() {
        return metadata;
    }

    Generator generator() {
        return generator;
    }

    /** False once the version has been retired and drained; the caller then looks up the new active one. */
    boolean tryRetain() {
        while (true) {
            int current = references.get();
            if (current == 0) {
                return false;
            }
            if (references.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (references.decrementAndGet() == 0) {
            generator.close();
        }
    }
}
