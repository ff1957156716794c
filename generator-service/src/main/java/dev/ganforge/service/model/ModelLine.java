package dev.ganforge.service.model;

import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** Everything the registry knows about one model name. Fields are written under the registry's lock. */
final class ModelLine {

    final String name;
    final NavigableMap<Long, StoredVersion> versions = new TreeMap<>();
    volatile ServingVersion active;
    volatile String activeBecause;
    /** The version the routing holds active (pinned, or a canary's stable one); null when following the newest. */
    volatile Long pinned;
    /** A canary split's canary version while it is loaded here, else null; draws {@link #canaryWeight} percent. */
    volatile ServingVersion canary;
    volatile int canaryWeight;

    ModelLine(String name) {
        this.name = name;
    }

    Optional<Long> newestAccepted() {
        return versions.descendingMap().values().stream()
                .filter(StoredVersion.Accepted.class::isInstance)
                .map(StoredVersion::version)
                .findFirst();
    }

    /** The open session of {@code version}, when it has one. */
    Optional<ServingVersion> loaded(long version) {
        return versions.get(version) instanceof StoredVersion.Loaded loaded ? Optional.of(loaded.session())
                : Optional.empty();
    }
}
