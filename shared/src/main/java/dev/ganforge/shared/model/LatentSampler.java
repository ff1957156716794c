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
        return sample(seed, count, metadata.latentSize(), metadata.latentDistribution());
    }
}
