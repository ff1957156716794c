package dev.ganforge.shared.model;

import java.util.Random;

/**
 * The structured part of an InfoGAN latent: after the noise, one categorical code over {@code categories} values
 * (one-hot) and {@code continuous} codes in U[−1, 1]. The generator still takes one {@code z} input, laid out as
 * {@code [noise | one-hot category | continuous codes]}, so every consumer that can feed a generator can feed this
 * one; the codes are how a client chooses what it draws (a digit class, its slant, its stroke width).
 *
 * @param categories values of the categorical code (10 for MNIST's digits)
 * @param continuous number of continuous codes
 */
public record LatentCodes(int categories, int continuous) {

    public LatentCodes {
        if (categories < 2 || continuous < 0) {
            throw new IllegalArgumentException("a categorical code needs at least 2 values and continuous codes "
                    + "cannot be negative, got " + categories + ", " + continuous);
        }
    }

    /** Length of the code part of {@code z}. */
    public int size() {
        return categories + continuous;
    }

    /**
     * Draws a category and the continuous codes into {@code z} at {@code offset} (the end of the noise): the one
     * way codes are drawn, by the trainer's batches and by {@link LatentSampler} alike.
     */
    public void draw(Random random, float[] z, int offset) {
        int category = random.nextInt(categories);
        for (int k = 0; k < categories; k++) {
            z[offset + k] = k == category ? 1f : 0f;
        }
        for (int j = 0; j < continuous; j++) {
            z[offset + categories + j] = (float) (random.nextDouble() * 2 - 1);
        }
    }

    /**
     * Sets the codes of sample {@code i} of {@code z} (rows of {@code latentSize}): {@code category} when not null,
     * and each continuous code whose value in {@code values} is not null.
     *
     * @throws IllegalArgumentException naming the code out of range
     */
    public void set(float[] z, int latentSize, int i, Integer category, Float[] values) {
        int offset = i * latentSize + latentSize - size();
        if (category != null) {
            if (category < 0 || category >= categories) {
                throw new IllegalArgumentException("code must be in 0.." + (categories - 1) + ", is " + category);
            }
            for (int k = 0; k < categories; k++) {
                z[offset + k] = k == category ? 1f : 0f;
            }
        }
        if (values != null) {
            if (values.length > continuous) {
                throw new IllegalArgumentException("this model has " + continuous + " continuous codes, got "
                        + values.length + " values");
            }
            for (int j = 0; j < values.length; j++) {
                if (values[j] == null) {
                    continue;
                }
                if (!(values[j] >= -1f && values[j] <= 1f)) {
                    throw new IllegalArgumentException("continuous code c" + (j + 1) + " must be in [-1, 1], is "
                            + values[j]);
                }
                z[offset + categories + j] = values[j];
            }
        }
    }

    /**
     * Latents that sweep a continuous code: every row starts as {@code base} (one latent of {@code latentSize}); one
     * row of {@code steps} samples per category, or only {@code category}'s, with continuous code {@code vary}
     * (1-based, c1 …) going from −1 to 1 along the row and the other continuous codes at 0. The trainer's epoch grids
     * and the service's {@code /sweep} draw the same picture.
     *
     * @throws IllegalArgumentException naming what is out of range
     */
    public float[] sweep(float[] base, int latentSize, Integer category, int vary, int steps) {
        if (continuous == 0 || vary < 1 || vary > continuous) {
            throw new IllegalArgumentException("vary must name a continuous code, 1.." + continuous + ", is " + vary);
        }
        if (steps < 2) {
            throw new IllegalArgumentException("a sweep needs at least 2 steps, got " + steps);
        }
        int rows = category == null ? categories : 1;
        float[] z = new float[rows * steps * latentSize];
        Float[] values = new Float[continuous];
        for (int i = 0; i < rows * steps; i++) {
            System.arraycopy(base, 0, z, i * latentSize, latentSize);
            java.util.Arrays.fill(values, 0f);
            values[vary - 1] = -1f + 2f * (i % steps) / (steps - 1);
            set(z, latentSize, i, category == null ? i / steps : category, values);
        }
        return z;
    }

    /** The category drawn into sample {@code i} of {@code z}. */
    public int category(float[] z, int latentSize, int i) {
        int offset = i * latentSize + latentSize - size();
        int best = 0;
        for (int k = 1; k < categories; k++) {
            if (z[offset + k] > z[offset + best]) {
                best = k;
            }
        }
        return best;
    }

    /** Continuous code {@code j} of sample {@code i} of {@code z}. */
    public float continuous(float[] z, int latentSize, int i, int j) {
        return z[i * latentSize + latentSize - continuous + j];
    }
}
