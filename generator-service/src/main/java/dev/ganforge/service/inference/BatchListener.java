package dev.ganforge.service.inference;

/** Told the size and run time of every batch the {@link SampleBatcher} runs, and how long its requests waited (for metrics). */
@FunctionalInterface
public interface BatchListener {

    BatchListener NONE = (requests, samples, runNanos) -> { };

    /** @param runNanos wall time of the generator run alone: tensors in, ORT, samples out */
    void batchRan(int requests, int samples, long runNanos);

    /**
     * Once per request as its batch starts to run.
     *
     * @param waitNanos from the request's submit to its run's start: queued behind a run, or gathering company
     */
    default void requestWaited(long waitNanos) {
    }
}
