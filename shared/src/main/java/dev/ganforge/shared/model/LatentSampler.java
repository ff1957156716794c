package dev.ganforge.shared.model;

import java.util.Random;

/**
 * Deterministic latent vectors from a seed. The trainer (DJL and ONNX paths) and the generator service all
 * draw latents here, so the same seed gives the same samples everywhere; {@link Random} is used because its
 * sequence is specified by the JDK and therefore stable across versions and platforms.
 */
public final class LatentSampler {

    private LatentSampler() {
    }

    /**
     * {@code count × latentSize} floats, row-major.
     *
     * @param distribution {@code normal} (N(0,1)) or {@code uniform} (U[-1,1])
     */
    public static float[] sample(long seed, int count, int latentSize, String distribution) {
        Random random = new Random(seed);
        float[] z = new float[count * latentSize];
        boolean uniform = "uniform".equals(distribution);
        if (!uniform && !"normal".equals(distribution)) {
            throw new IllegalArgumentException("unknown latent distribution '" + distribution + "'");
        }
        for (int i = 0; i < z.length; i++) {
            z[i] = uniform ? (float) (random.nextDouble() * 2 - 1) : (float) random.nextGaussian();
        }
        return z;
    }

    public static float[] sample(long seed, int count, ModelMetadata metadata) {
        return sample(seed, count, metadata.latentSize(), metadata.latentDistribution(), metadata.latentCodes());
    }

    /**
     * As {@link #sample(long, int, int, String)}, with InfoGAN's codes drawn into the end of every row when
     * {@code codes} is not null: noise from {@code distribution}, then a random category (one-hot) and continuous
     * codes in U[−1, 1], sample by sample from the one seeded stream.
     */
    public static float[] sample(long seed, int count, int latentSize, String distribution, LatentCodes codes) {
        if (codes == null) {
            return sample(seed, count, latentSize, distribution);
        }
        boolean uniform = "uniform".equals(distribution);
        if (!uniform && !"normal".equals(distribution)) {
            throw new IllegalArgumentException("unknown latent distribution '" + distribution + "'");
        }
        Random random = new Random(seed);
        int noise = latentSize - codes.size();
        float[] z = new float[count * latentSize];
        for (int i = 0; i < count; i++) {
            int row = i * latentSize;
            for (int k = 0; k < noise; k++) {
                z[row + k] = uniform ? (float) (random.nextDouble() * 2 - 1) : (float) random.nextGaussian();
            }
            codes.draw(random, z, row + noise);
        }
        return z;
    }
}
