package dev.ganforge.trainer.nn;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import dev.ganforge.trainer.nn.layer.Flatten;
import dev.ganforge.trainer.nn.layer.LeakyRelu;
import dev.ganforge.trainer.nn.layer.Reshape;
import dev.ganforge.trainer.nn.layer.Tanh;
import java.util.List;

/**
 * The fully connected GAN as PyTorch's MNIST examples usually write it: four layers a side, LeakyReLU(0.2),
 * dropout in D, tanh output, Gaussian latent, PyTorch's default weights. An improved {@link MlpGan} (the seed's one
 * hidden layer of 128 units per side plateaus far below recognisable digits, docs/quality.md), kept beside it.
 *
 * <p>Generator, a {@code SequentialBlock}: {@code Linear(256) → LeakyRelu → Linear(512) → LeakyRelu →
 * Linear(1024) → LeakyRelu → Linear(784) → Tanh → Reshape(1, 28, 28)}.
 * <br>Discriminator: {@code Flatten → Linear(1024) → LeakyRelu → Dropout(0.3) → Linear(512) → LeakyRelu →
 * Dropout(0.3) → Linear(256) → LeakyRelu → Dropout(0.3) → Linear(1)} (logit); the input of the last Linear is the
 * feature vector used by feature matching.
 */
public final class Mlp4Gan implements GanArchitecture {

    public static final String NAME = "mlp4";
    private static final float SLOPE = 0.2f;
    private static final float DROPOUT = 0.3f;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Block generator() {
        SequentialBlock g = new SequentialBlock();
        for (int units : new int[] {256, 512, 1024}) {
            g.add(Linear.builder().setUnits(units).build()).add(new LeakyRelu(SLOPE));
        }
        return g.add(Linear.builder().setUnits(28 * 28).build())
                .add(new Tanh())
                .add(new Reshape(1, 28, 28));
    }

    @Override
    public Block discriminator() {
        SequentialBlock d = new SequentialBlock().add(new Flatten());
        for (int units : new int[] {1024, 512, 256}) {
            d.add(Linear.builder().setUnits(units).build())
                    .add(new LeakyRelu(SLOPE))
                    .add(Dropout.builder().optRate(DROPOUT).build());
        }
        return d.add(Linear.builder().setUnits(1).build());
    }

    @Override
    public GeneratorIo io() {
        return new GeneratorIo(100, LatentDistribution.NORMAL, 0, List.of(1, 28, 28), OutputActivation.TANH);
    }

    /**
     * PyTorch's default for {@code nn.Linear}, U(±1/√fan_in), biases at zero: N(0, 0.02) shrinks the signal by
     * about ten at every layer, so G's tanh started at 0 (grey) and learnt far slower (docs/quality.md).
     */
    @Override
    public Initializer weightInitializer() {
        return new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1);
    }
}
