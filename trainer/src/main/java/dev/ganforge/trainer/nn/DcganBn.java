package dev.ganforge.trainer.nn;

import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;

/**
 * dcgan's generator against a discriminator that judges the whole digit, not only its strokes. Seed 003's
 * discriminator (dropout, one linear read-out of the 7×7 features) teaches clean strokes but not the digit's shape:
 * at its defaults four samples in ten are smooth strokes the reference classifier cannot read (docs/quality.md).
 * This one is InfoGAN's MNIST discriminator (Chen et al. 2016, appendix C.1) without Q: batch norm instead of
 * dropout, and a 1024-unit hidden layer that sees the whole image. The generator, its latent and its export are
 * dcgan's, unchanged.
 *
 * <p>Discriminator: {@code Conv2d(64, k4 s2 p1) [14×14] → LeakyRelu(0.2) → Conv2d(128, k4 s2 p1) [7×7]
 * → BatchNorm → LeakyRelu(0.2) → Flatten → Linear(1024) → BatchNorm → LeakyRelu(0.2) → Linear(1)}; the 1024
 * activations are the features feature matching uses.
 */
public final class DcganBn implements GanArchitecture {

    public static final String NAME = "dcgan-bn";
    private static final float SLOPE = 0.2f;
    private static final Dcgan DCGAN = new Dcgan();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Block generator() {
        return DCGAN.generator();
    }

    @Override
    public Block discriminator() {
        return InfoGan.sharedBody(SLOPE)
                .add(Linear.builder().setUnits(1).build());
    }

    @Override
    public GeneratorIo io() {
        return DCGAN.io();
    }

    @Override
    public Initializer weightInitializer() {
        return DCGAN.weightInitializer();
    }
}
