package dev.ganforge.trainer.pipeline;

/**
 * Told by the worker's polling loop, on every turn, that the loop is still going round; what it does with that
 * (e.g. {@link HeartbeatFile}) is for an outside watchdog such as a liveness probe.
 */
public interface Heartbeat {

    Heartbeat NONE = () -> { };

    /** Called often (every poll): must be cheap and must not throw. */
    void beat();
}
