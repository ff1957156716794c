package dev.ganforge.bench.training;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import dev.ganforge.trainer.nn.GanArchitecture;
import dev.ganforge.trainer.nn.layer.LabelConcat;
import dev.ganforge.trainer.nn.layer.TransposedConv2d;

/**
 * Floating-point operations of one sample's forward pass, counted analytically from the Linear and convolution
 * layers (2 per multiply-add). Bias, normalisation and activations are left out: they are a few percent of the
 * total here and no matrix unit accelerates them, so the matmul peak is the wrong yardstick for them anyway.
 *
 * <p>A transposed convolution is counted at its useful cost (every input pixel scatters a k×k×out patch), not at
 * the roughly s² times larger cost of the zero-dilated convolution {@link TransposedConv2d} actually runs.
 *
 * @param generator     FLOPs of G for one sample
 * @param discriminator FLOPs of D for one sample
 */
public record ForwardFlops(long generator, long discriminator) {

    /** Counts both networks of {@code arch}; the blocks must already be initialised (shapes known). */
    public static ForwardFlops of(GanArchitecture arch, Block generator, Block discriminator) {
        return new ForwardFlops(count(generator, arch.generatorInputShapes(1)),
                count(discriminator, arch.discriminatorInputShapes(1)));
    }

    /**
     * Estimated FLOPs per real image of one training iteration: each D step runs G forward once and D forward on a
     * real and a fake batch with a backward through D; each G step runs G and D forward and backward through both.
     * A backward pass costs about twice its forward (gradients of inputs and of weights), the usual 3× rule.
     */
    public long trainingPerImage(int gSteps) {
        long dStep = generator + 3 * 2 * discriminator;
        long gStep = 3 * (generator + discriminator);
        return dStep + gSteps * gStep;
    }

    private static long count(Block network, Shape[] inputs) {
        long flops = 0;
        Shape[] shapes = inputs;
        for (Block layer : network.getChildren().values()) {
            Shape in = shapes[0];
            Shape[] out = layer instanceof LabelConcat ? layer.getOutputShapes(shapes)
                    : layer.getOutputShapes(new Shape[] {in});
            flops += layerFlops(layer, in, out[0]);
            shapes = shapes.length > 1 ? new Shape[] {out[0], shapes[1]} : out;
        }
        return flops;
    }

    private static long layerFlops(Block layer, Shape in, Shape out) {
        if (layer instanceof Linear) {
            return 2 * (in.size() / in.get(0)) * (out.size() / out.get(0));
        }
        if (layer instanceof Conv2d conv) {
            Shape kernel = conv.getKernelShape();
            // in [1, C, H, W], out [1, F, H', W']: each output value is a C·k·k dot product.
            return 2 * in.get(1) * kernel.get(0) * kernel.get(1) * out.size() / out.get(0);
        }
        if (layer instanceof TransposedConv2d transposed) {
            long k = transposed.kernel();
            return 2 * (in.size() / in.get(0)) * k * k * transposed.outChannels();
        }
        return 0;
    }
}
