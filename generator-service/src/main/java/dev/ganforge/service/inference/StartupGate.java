package dev.ganforge.service.inference;

import java.util.Optional;

/**
 * Whether this replica knows which version each model must serve. Until it has replayed the topics that decide it
 * (the models and the operators' routing), the newest version it has loaded may be one operators pinned away from, so
 * sample requests are refused ({@link NotReadyException}) rather than answered from a possibly wrong version.
 */
@FunctionalInterface
public interface StartupGate {

    /** For a sampler outside the service (tests of the sampler alone): nothing to wait for. */
    StartupGate OPEN = Optional::empty;

    /** Empty once requests may be served; until then, what the replica is still waiting for. */
    Optional<String> pending();
}
