package dev.ganforge.trainer.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import dev.ganforge.trainer.nn.layer.AvgPool2d;
import dev.ganforge.trainer.nn.layer.Flatten;
import dev.ganforge.trainer.nn.layer.LeakyRelu;
import dev.ganforge.trainer.nn.layer.Relu;
import dev.ganforge.trainer.nn.layer.Tanh;
import dev.ganforge.trainer.nn.layer.TransposedConv2d;
import java.util.List;

/**
 * The five-layer batch-norm GAN of junqiangchen/GAN's MNIST model (seed 001, section 4.2): two fully connected
 * layers, two transposed convolutions (stride 2, 'SAME') and a stride-1 convolution with tanh, batch norm + ReLU
 * after every layer but the last; a discriminator of two convolutions each followed by 2×2 average pooling, then two
 * fully connected layers ending in one logit (the sigmoid is in the loss). Every weight and bias starts from a
 * truncated normal (σ 0.02). Where the article is silent, the usual MNIST sizes of that code family: 5×5 kernels,
 * 1024 → 128·7·7 → 64 → 32 → 1 channels, LeakyReLU(0.2) in the discriminator.
 *
 * <p>Generator: {@code Linear(1024) → BatchNorm → Relu → Linear(128·7·7) → BatchNorm → Relu → Reshape(128, 7, 7)
 * → TransposedConv2d(64, k5 s2 p2 op1) [14×14] → BatchNorm → Relu → TransposedConv2d(32, k5 s2 p2 op1) [28×28]
 * → BatchNorm → Relu → Conv2d(1, k5 s1 p2) → Tanh}.
 * <br>Discriminator: {@code Conv2d(32, k5 s1 p2) → LeakyRelu(0.2) → AvgPool2d(2) [14×14] → Conv2d(64, k5 s1 p2)
 * → LeakyRelu(0.2) → AvgPool2d(2) [7×7] → Flatten → Linear(1024) → LeakyRelu(0.2) → Linear(1)}.
 */
public final class FiveLayerGan implements GanArchitecture {

    public static final String NAME = "bn5";
    private static final float SLOPE = 0.2f;
    private static final float SIGMA = 0.02f;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Block generator() {
        return GeneratorStems.denseTo7x7(new SequentialBlock())
                .add(new TransposedConv2d(64, 5, 2, 2, 1))
                .add(BatchNorm.builder().build())
                .add(new Relu())
                .add(new TransposedConv2d(32, 5, 2, 2, 1))
                .add(BatchNorm.builder().build())
                .add(new Relu())
                .add(conv(1))
                .add(new Tanh());
    }

    @Override
    public Block discriminator() {
        return new SequentialBlock()
                .add(conv(32))
                .add(new LeakyRelu(SLOPE))
                .add(new AvgPool2d(2))
                .add(conv(64))
                .add(new LeakyRelu(SLOPE))
                .add(new AvgPool2d(2))
                .add(new Flatten())
                .add(Linear.builder().setUnits(1024).build())
                .add(new LeakyRelu(SLOPE))
                .add(Linear.builder().setUnits(1).build());
    }

    private static Conv2d conv(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(5, 5)).optPadding(new Shape(2, 2)).setFilters(filters)
                .build();
    }

    @Override
    public GeneratorIo io() {
        return new GeneratorIo(100, LatentDistribution.NORMAL, 0, List.of(1, 28, 28), OutputActivation.TANH);
    }

    @Override
    public Initializer weightInitializer() {
        return new TruncatedNormalInitializer(SIGMA);
    }

    @Override
    public Initializer biasInitializer() {
        return new TruncatedNormalInitializer(SIGMA);
    }
}
