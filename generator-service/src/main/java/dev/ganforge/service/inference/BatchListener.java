package dev.ganforge.service.inference;

/** Told the size and run time of every batch the {@link SampleBatcher} runs (for metrics). */
@FunctionalInterface
public interface BatchListener {

    BatchListener NONE = (requests, samples, runNanos) -> { };

    /** @param runNanos wall time of the generator run alone: tensors in, ORT, samples out */
    void batchRan(int requests, int samples, long runNanos);
}
