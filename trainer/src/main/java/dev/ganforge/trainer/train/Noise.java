package dev.ganforge.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.ganforge.shared.model.LatentCodes;
import dev.ganforge.trainer.nn.GanArchitecture;
import dev.ganforge.trainer.nn.LatentDistribution;
import java.util.Random;

/**
 * What the generator is fed during training, drawn from the iteration's random stream in a fixed order (so a resumed
 * run draws what the uninterrupted one drew).
 */
final class Noise {

    private Noise() {
    }

    /** A batch of latents; InfoGAN's rows end in a random one-hot category and continuous codes U[−1, 1]. */
    static float[] latents(GanArchitecture arch, Random rng, int b) {
        float[] z = new float[b * arch.latentSize()];
        boolean uniform = arch.latentDistribution() == LatentDistribution.UNIFORM;
        LatentCodes codes = arch.codes();
        if (codes == null) {
            for (int i = 0; i < z.length; i++) {
                z[i] = uniform ? (float) (rng.nextDouble() * 2 - 1) : (float) rng.nextGaussian();
            }
            return z;
        }
        int latent = arch.latentSize();
        int noise = latent - codes.size();
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < noise; k++) {
                z[i * latent + k] = uniform ? (float) (rng.nextDouble() * 2 - 1) : (float) rng.nextGaussian();
            }
            codes.draw(rng, z, i * latent + noise);
        }
        return z;
    }

    /** Class labels for a conditional generator, uniform over the classes. */
    static NDArray labels(NDManager manager, Random rng, int b, int classes) {
        long[] labels = new long[b];
        for (int i = 0; i < b; i++) {
            labels[i] = rng.nextInt(classes);
        }
        return manager.create(labels);
    }
}
