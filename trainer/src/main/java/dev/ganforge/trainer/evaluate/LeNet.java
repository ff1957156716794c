package dev.ganforge.trainer.evaluate;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

/**
 * The reference classifier's network: conv5-pool-conv5-pool-fc-fc, LeNet's shape with the widths of Caffe's
 * MNIST LeNet (20 and 50 filters) and a 128-unit penultimate layer. The network is two halves so evaluation
 * can read the penultimate activations (the FID features) and the class scores from one forward pass.
 */
final class LeNet {

    /** Width of the penultimate layer, i.e. the dimension FID works in. */
    static final int FEATURES = 128;

    private LeNet() {
    }

    /** Images {@code [N, C, H, W]} → non-negative penultimate activations {@code [N, FEATURES]}. */
    static SequentialBlock features() {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(20).build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(50).build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(FEATURES).build())
                .add(Activation.reluBlock());
    }

    /** Features → class logits {@code [N, classes]}; dropout is active only while training. */
    static SequentialBlock head(int classes) {
        return new SequentialBlock()
                .add(Dropout.builder().optRate(0.3f).build())
                .add(Linear.builder().setUnits(classes).build());
    }

    /** The whole network: child 0 is {@link #features()}, child 1 is {@link #head(int)}. */
    static SequentialBlock network(int classes) {
        return new SequentialBlock().add(features()).add(head(classes));
    }
}
