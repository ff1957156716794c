package dev.ganforge.trainer.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import dev.ganforge.trainer.nn.layer.Flatten;
import dev.ganforge.trainer.nn.layer.LeakyRelu;
import dev.ganforge.trainer.nn.layer.Relu;
import dev.ganforge.trainer.nn.layer.Reshape;
import dev.ganforge.trainer.nn.layer.Tanh;
import dev.ganforge.trainer.nn.layer.TransposedConv2d;
import java.util.List;

/**
 * Unconditional DCGAN with the stabilising tricks of seed 003: Gaussian latent, tanh output, LeakyReLU(0.2) and
 * dropout in the discriminator, strided (never pooled) convolutions whose kernel 4 is divisible by the stride 2
 * against checkerboard artefacts. Label smoothing, label-flip noise and feature matching are training options.
 *
 * <p>Generator, a {@code SequentialBlock}: {@code Linear(128·7·7) → BatchNorm → Relu → Reshape(128, 7, 7)
 * → TransposedConv2d(64, k4 s2 p1) [14×14] → BatchNorm → Relu → TransposedConv2d(1, k4 s2 p1) [28×28] → Tanh}.
 * <br>Discriminator: {@code Conv2d(64, k4 s2 p1) [14×14] → LeakyRelu(0.2) → Dropout(0.3) → Conv2d(128, k4 s2 p1)
 * [7×7] → LeakyRelu(0.2) → Dropout(0.3) → Flatten → Linear(1)}; the input of the last Linear is the feature
 * vector used by feature matching.
 */
public final class Dcgan implements GanArchitecture {

    public static final String NAME = "dcgan";
    private static final float SLOPE = 0.2f;
    private static final float DROPOUT = 0.3f;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Block generator() {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(128 * 7 * 7).build())
                .add(BatchNorm.builder().build())
                .add(new Relu())
                .add(new Reshape(128, 7, 7))
                .add(new TransposedConv2d(64, 4, 2, 1, 0))
                .add(BatchNorm.builder().build())
                .add(new Relu())
                .add(new TransposedConv2d(1, 4, 2, 1, 0))
                .add(new Tanh());
    }

    @Override
    public Block discriminator() {
        return new SequentialBlock()
                .add(conv(64))
                .add(new LeakyRelu(SLOPE))
                .add(Dropout.builder().optRate(DROPOUT).build())
                .add(conv(128))
                .add(new LeakyRelu(SLOPE))
                .add(Dropout.builder().optRate(DROPOUT).build())
                .add(new Flatten())
                .add(Linear.builder().setUnits(1).build());
    }

    /** The 4×4 stride-2 convolution that halves the image, as both dcgan discriminators use it. */
    static Conv2d conv(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(4, 4)).optStride(new Shape(2, 2)).optPadding(new Shape(1, 1))
                .setFilters(filters).build();
    }

    @Override
    public GeneratorIo io() {
        return new GeneratorIo(100, LatentDistribution.NORMAL, 0, List.of(1, 28, 28), OutputActivation.TANH);
    }

    @Override
    public Initializer weightInitializer() {
        return new NormalInitializer(0.02f);
    }
}
