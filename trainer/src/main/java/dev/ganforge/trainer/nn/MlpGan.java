package dev.ganforge.trainer.nn;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import dev.ganforge.trainer.nn.layer.Flatten;
import dev.ganforge.trainer.nn.layer.Relu;
import dev.ganforge.trainer.nn.layer.Reshape;
import dev.ganforge.trainer.nn.layer.Sigmoid;
import java.util.List;

/**
 * The fully connected GAN of the TensorFlow cookbook (seed 000, after TengdaHan/GaN-TensorFlow), weights
 * N(0, 2 / fan_in) as the seed's {@code xavier_init} draws them, z ~ U[−1, 1].
 *
 * <p>Generator, a {@code SequentialBlock}: {@code Linear(128) → Relu → Linear(784) → Sigmoid → Reshape(1, 28, 28)}.
 * <br>Discriminator: {@code Flatten → Linear(128) → Relu → Linear(1)} (logit).
 */
public final class MlpGan implements GanArchitecture {

    public static final String NAME = "mlp";
    private static final int HIDDEN = 128;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Block generator() {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(HIDDEN).build())
                .add(new Relu())
                .add(Linear.builder().setUnits(28 * 28).build())
                .add(new Sigmoid())
                .add(new Reshape(1, 28, 28));
    }

    @Override
    public Block discriminator() {
        return new SequentialBlock()
                .add(new Flatten())
                .add(Linear.builder().setUnits(HIDDEN).build())
                .add(new Relu())
                .add(Linear.builder().setUnits(1).build());
    }

    @Override
    public GeneratorIo io() {
        return new GeneratorIo(100, LatentDistribution.UNIFORM, 0, List.of(1, 28, 28), OutputActivation.SIGMOID);
    }

    /**
     * The seed's {@code xavier_init}: N(0, 2 / fan_in), biases at zero. DJL's {@code new XavierInitializer()}
     * (uniform, magnitude 6 over the mean fan) gave D's output layer 1.4× and G's output layer half the seed's spread.
     */
    @Override
    public Initializer weightInitializer() {
        return new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2);
    }
}
