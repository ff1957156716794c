package dev.ganforge.trainer.train;

import ai.djl.ndarray.NDArray;

/**
 * Real samples for one discriminator update.
 *
 * @param samples {@code [B, …sampleShape]} in the generator's output range
 * @param labels  int64 {@code [B]}, or {@code null} for unlabelled data
 */
public record TrainingBatch(NDArray samples, NDArray labels) {
}
