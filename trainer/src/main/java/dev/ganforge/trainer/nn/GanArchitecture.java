package dev.ganforge.trainer.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import dev.ganforge.shared.model.LatentCodes;
import java.util.ArrayList;
import java.util.List;

/**
 * A GAN: a generator and a discriminator built from a small, closed vocabulary of blocks, plus what a consumer
 * must know to feed the generator and read its output.
 *
 * <h2>Block vocabulary (what the ONNX exporter maps)</h2>
 * Generators and discriminators are trees of exactly these blocks; children run in insertion order and each
 * consumes the previous child's output ({@code x}). No {@code LambdaBlock}s, so the tree describes the graph.
 * <ul>
 *   <li>{@link ai.djl.nn.SequentialBlock} – unconditional sequence, input {@code z} {@code [N, latent]}.</li>
 *   <li>{@link dev.ganforge.trainer.nn.layer.ConditionalSequentialBlock} – conditional sequence, inputs
 *       {@code (z [N, latent] float32, labels [N] int64)}; the labels feed every {@code LabelConcat} child.</li>
 *   <li>{@link dev.ganforge.trainer.nn.layer.LabelConcat}(L) – {@code concat(x, onehot(labels, L))} on axis 1;
 *       for 4-D x the one-hot is broadcast to L constant H×W planes.</li>
 *   <li>{@link ai.djl.nn.core.Linear} – {@code x·Wᵀ + b}, weight {@code [out, in]} (ONNX Gemm transB=1).</li>
 *   <li>{@link ai.djl.nn.convolutional.Conv2d} – NCHW, weight {@code [out, in, k, k]}, stride/padding read from
 *       the block.</li>
 *   <li>{@link dev.ganforge.trainer.nn.layer.TransposedConv2d} – ONNX ConvTranspose, weight
 *       {@code [in, out, k, k]}, bias {@code [out]}, kernel/stride/padding/outputPadding from getters.</li>
 *   <li>{@link ai.djl.nn.norm.BatchNorm} – inference form over axis 1 with parameters gamma, beta,
 *       runningMean, runningVar and epsilon 1e-5 (DJL's default), on [N, C] or [N, C, H, W].</li>
 *   <li>{@link dev.ganforge.trainer.nn.layer.Relu}, {@link dev.ganforge.trainer.nn.layer.LeakyRelu}(alpha),
 *       {@link dev.ganforge.trainer.nn.layer.Sigmoid}, {@link dev.ganforge.trainer.nn.layer.Tanh}.</li>
 *   <li>{@link dev.ganforge.trainer.nn.layer.Reshape}(per-sample shape) and
 *       {@link dev.ganforge.trainer.nn.layer.Flatten} (batch dimension kept).</li>
 *   <li>{@link ai.djl.nn.norm.Dropout} – discriminators only; identity at inference.</li>
 *   <li>{@link ai.djl.nn.ParallelBlock} – discriminators only (InfoGAN's D and Q heads), which are never
 *       exported.</li>
 * </ul>
 * Every generator ends in the per-sample {@link #sampleShape()} ({@code [1, 28, 28]} for images); its raw
 * output range is given by {@link #outputActivation()}.
 */
public interface GanArchitecture {

    /** Registry name, e.g. {@code cdcgan}. */
    String name();

    /** A fresh, uninitialised generator. */
    Block generator();

    /**
     * A fresh, uninitialised discriminator producing one logit (critic score) per sample, {@code [N, 1]}; with
     * {@link #codes()}, {@code [N, 1 + codes]}: the logit, then Q's estimate of the codes (category logits, then the
     * continuous codes' means) from the same body.
     */
    Block discriminator();

    /** What a consumer must know to feed the generator and read its output. */
    GeneratorIo io();

    default int latentSize() {
        return io().latentSize();
    }

    /** What z is drawn from. */
    default LatentDistribution latentDistribution() {
        return io().latentDistribution();
    }

    /** Number of classes the networks are conditioned on; 0 when unconditional. */
    default int labelCount() {
        return io().labelCount();
    }

    /** Shape of one generated sample without the batch dimension ({@code [C, H, W]} or {@code [points]}). */
    default List<Integer> sampleShape() {
        return io().sampleShape();
    }

    /** The range of the generator's raw output. */
    default OutputActivation outputActivation() {
        return io().outputActivation();
    }

    /** Images ({@code [C, H, W]} samples) or curves ({@code [points]}). */
    default OutputKind outputKind() {
        return sampleShape().size() == 3 ? OutputKind.IMAGE : OutputKind.CURVE;
    }

    default boolean conditional() {
        return labelCount() > 0;
    }

    /** InfoGAN's codes at the end of z, or null; when present D outputs {@code 1 + codes.size()} columns. */
    default LatentCodes codes() {
        return io().codes();
    }

    /**
     * The parameters of Q's own head in a discriminator this architecture built (InfoGAN), which may learn at their
     * own rate; empty for every other architecture.
     */
    default List<Parameter> informationHead(Block discriminator) {
        return List.of();
    }

    /** Initialiser for every weight; biases start at zero, batch-norm gamma at one. */
    Initializer weightInitializer();

    /** Initialiser for every bias, where the seed draws them too; null keeps them at zero. */
    default Initializer biasInitializer() {
        return null;
    }

    /** Input shapes of the generator for a batch of {@code batch}. */
    default Shape[] generatorInputShapes(long batch) {
        Shape z = new Shape(batch, latentSize());
        return conditional() ? new Shape[] {z, new Shape(batch)} : new Shape[] {z};
    }

    /** Input shapes of the discriminator for a batch of {@code batch}. */
    default Shape[] discriminatorInputShapes(long batch) {
        List<Long> dims = new ArrayList<>();
        dims.add(batch);
        sampleShape().forEach(d -> dims.add(d.longValue()));
        Shape x = new Shape(dims.stream().mapToLong(Long::longValue).toArray());
        return conditional() ? new Shape[] {x, new Shape(batch)} : new Shape[] {x};
    }

    /** A generator with initialised parameters (drawn from the engine's RNG: seed the engine first). */
    default Block initializedGenerator(NDManager manager) {
        Block block = generator();
        block.setInitializer(weightInitializer(), Parameter.Type.WEIGHT);
        if (biasInitializer() != null) {
            block.setInitializer(biasInitializer(), Parameter.Type.BIAS);
        }
        block.initialize(manager, DataType.FLOAT32, generatorInputShapes(1));
        return block;
    }

    /** A discriminator with initialised parameters (drawn from the engine's RNG). */
    default Block initializedDiscriminator(NDManager manager) {
        Block block = discriminator();
        block.setInitializer(weightInitializer(), Parameter.Type.WEIGHT);
        if (biasInitializer() != null) {
            block.setInitializer(biasInitializer(), Parameter.Type.BIAS);
        }
        block.initialize(manager, DataType.FLOAT32, discriminatorInputShapes(1));
        return block;
    }

    /** Number of floats in one sample. */
    default int sampleSize() {
        return sampleShape().stream().reduce(1, (a, b) -> a * b);
    }
}
