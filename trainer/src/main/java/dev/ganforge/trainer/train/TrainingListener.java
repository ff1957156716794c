package dev.ganforge.trainer.train;

import java.nio.file.Path;
import java.util.function.IntSupplier;

/** Observes a training run; every method has a no-op default. Called on the training thread. */
public interface TrainingListener {

    TrainingListener NONE = new TrainingListener() { };

    /** Once, before the first iteration. */
    default void onStart(String runId, String device, long firstStep, long totalSteps) {
    }

    /**
     * After every iteration. {@code dx}/{@code dgz} are mean D(x) and D(G(z)) — probabilities for the BCE losses,
     * raw critic scores otherwise; {@code lossG} is NaN while the discriminator is pre-trained.
     */
    default void onProgress(int epoch, long step, float lossD, float lossG, float dx, float dgz,
                            double imagesPerSec) {
    }

    /**
     * After every iteration: how many native arrays the run holds, counted only when asked (it walks the run's
     * managers). Constant from the second iteration on; a count that grows is a leak (every array holds engine memory,
     * often a weight-sized copy).
     */
    default void onLiveArrays(long step, IntSupplier liveArrays) {
    }

    /** After an epoch's sample grid (or curve plot) was written. */
    default void onEpoch(int epoch, Path samples) {
    }

    /**
     * InfoGAN only, after {@link #onEpoch}: how Q sorted the epoch's real images into the categorical code's values
     * (also appended to {@code categories-on-real.csv}).
     */
    default void onRealImageCategories(RealImageCategories.Row row) {
    }

    /** After a checkpoint was written. */
    default void onCheckpoint(long step) {
    }

    /** Polled between iterations; true makes the trainer checkpoint and return early. */
    default boolean stopRequested() {
        return false;
    }
}
