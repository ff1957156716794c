package dev.ganforge.trainer.train;

import java.util.Random;

/**
 * Independent, reproducible random streams derived from the run seed. Each (purpose, index) pair gets its own
 * {@link Random}, so a run resumed at iteration k draws exactly what the uninterrupted run drew there without
 * having to replay or serialise generator state.
 */
public final class RandomStreams {

    /** Latents, labels and label noise of one iteration. */
    public static final long ITERATION = 0x1L;
    /** Order of the training data in one epoch. */
    public static final long SHUFFLE = 0x2L;
    /** Engine RNG (dropout) of one iteration. */
    public static final long ENGINE = 0x3L;
    /** Synthetic data of one batch. */
    public static final long DATA = 0x4L;

    private final long seed;

    public RandomStreams(long seed) {
        this.seed = seed;
    }

    public Random stream(long purpose, long index) {
        return new Random(derive(purpose, index));
    }

    /** A 64-bit seed for (purpose, index), well mixed (SplitMix64 finaliser) so neighbours are unrelated. */
    public long derive(long purpose, long index) {
        return mix(mix(seed ^ mix(purpose)) + index);
    }

    /** The engine's seed (an int in DJL) for iteration {@code index}; −1 for weight initialisation. */
    public int engineSeed(long index) {
        long d = derive(ENGINE, index);
        return (int) (d ^ (d >>> 32));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
