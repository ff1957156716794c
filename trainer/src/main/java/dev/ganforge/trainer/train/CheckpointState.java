package dev.ganforge.trainer.train;

/**
 * Where a run stands at a checkpoint. All randomness is derived from (seed, position), so these counters are the
 * complete RNG position.
 *
 * @param step             iterations completed
 * @param batchesConsumed  real batches drawn so far (determines data order and epoch)
 * @param epochsCompleted  epochs whose end (samples, checkpoint) has been processed
 * @param gUpdates         generator optimiser steps so far
 */
public record CheckpointState(long step, long batchesConsumed, int epochsCompleted, long gUpdates) {

    public static final CheckpointState START = new CheckpointState(0, 0, 0, 0);
}
