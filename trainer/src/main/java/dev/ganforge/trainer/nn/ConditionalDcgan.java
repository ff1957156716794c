package dev.ganforge.trainer.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import dev.ganforge.trainer.nn.layer.ConditionalSequentialBlock;
import dev.ganforge.trainer.nn.layer.Flatten;
import dev.ganforge.trainer.nn.layer.LabelConcat;
import dev.ganforge.trainer.nn.layer.LeakyRelu;
import dev.ganforge.trainer.nn.layer.Relu;
import dev.ganforge.trainer.nn.layer.Reshape;
import dev.ganforge.trainer.nn.layer.Sigmoid;
import dev.ganforge.trainer.nn.layer.TransposedConv2d;
import java.util.List;

/**
 * DCGAN-tensorflow's class-conditional MNIST network (seed 002): the one-hot label is concatenated to the input of
 * every layer of both networks, as constant planes for feature maps. z ~ U[−1, 1], weights ~ N(0, 0.02).
 *
 * <p>Generator, a {@code ConditionalSequentialBlock} over {@code (z [N,100], labels [N])}:
 * {@code LabelConcat(10) → Linear(1024) → BatchNorm → Relu → LabelConcat(10) → Linear(128·7·7) → BatchNorm → Relu
 * → Reshape(128, 7, 7) → LabelConcat(10) → TransposedConv2d(128, k5 s2 p2 op1) [14×14] → BatchNorm → Relu
 * → LabelConcat(10) → TransposedConv2d(1, k5 s2 p2 op1) [28×28] → Sigmoid}.
 * <br>Discriminator over {@code (x [N,1,28,28], labels)}: {@code LabelConcat → Conv2d(11, k5 s2 p2) [14×14]
 * → LeakyRelu(0.2) → LabelConcat → Conv2d(74, k5 s2 p2) [7×7] → BatchNorm → LeakyRelu(0.2) → Flatten
 * → LabelConcat → Linear(1024) → BatchNorm → LeakyRelu(0.2) → LabelConcat → Linear(1)}.
 * Padding 2 with output padding 1 is PyTorch's spelling of TensorFlow's 'SAME' for a stride-2, 5×5 kernel.
 */
public final class ConditionalDcgan implements GanArchitecture {

    public static final String NAME = "cdcgan";
    private static final int LABELS = 10;
    private static final float SLOPE = 0.2f;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Block generator() {
        return new ConditionalSequentialBlock()
                .add(new LabelConcat(LABELS))
                .add(Linear.builder().setUnits(1024).build())
                .add(BatchNorm.builder().build())
                .add(new Relu())
                .add(new LabelConcat(LABELS))
                .add(Linear.builder().setUnits(128 * 7 * 7).build())
                .add(BatchNorm.builder().build())
                .add(new Relu())
                .add(new Reshape(128, 7, 7))
                .add(new LabelConcat(LABELS))
                .add(new TransposedConv2d(128, 5, 2, 2, 1))
                .add(BatchNorm.builder().build())
                .add(new Relu())
                .add(new LabelConcat(LABELS))
                .add(new TransposedConv2d(1, 5, 2, 2, 1))
                .add(new Sigmoid());
    }

    @Override
    public Block discriminator() {
        return new ConditionalSequentialBlock()
                .add(new LabelConcat(LABELS))
                .add(conv(1 + LABELS))
                .add(new LeakyRelu(SLOPE))
                .add(new LabelConcat(LABELS))
                .add(conv(64 + LABELS))
                .add(BatchNorm.builder().build())
                .add(new LeakyRelu(SLOPE))
                .add(new Flatten())
                .add(new LabelConcat(LABELS))
                .add(Linear.builder().setUnits(1024).build())
                .add(BatchNorm.builder().build())
                .add(new LeakyRelu(SLOPE))
                .add(new LabelConcat(LABELS))
                .add(Linear.builder().setUnits(1).build());
    }

    private static Conv2d conv(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(5, 5)).optStride(new Shape(2, 2)).optPadding(new Shape(2, 2))
                .setFilters(filters).build();
    }

    @Override
    public GeneratorIo io() {
        return new GeneratorIo(100, LatentDistribution.UNIFORM, LABELS, List.of(1, 28, 28), OutputActivation.SIGMOID);
    }

    @Override
    public Initializer weightInitializer() {
        return new NormalInitializer(0.02f);
    }
}
