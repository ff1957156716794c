package dev.ganforge.service.inference;

/** Told the size of every batch the {@link SampleBatcher} runs (for metrics). */
@FunctionalInterface
public interface BatchListener {

    BatchListener NONE = (requests, samples) -> { };

    void batchRan(int requests, int samples);
}
