package dev.ganforge.service.inference;

/** Told how each generator run of a sample request ended, per model and version (a canary's guard counts them). */
@FunctionalInterface
public interface RunOutcomes {

    RunOutcomes NONE = (model, version, failed) -> { };

    void ran(String model, long version, boolean failed);
}
