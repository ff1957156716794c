package dev.ganforge.trainer.nn;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import dev.ganforge.trainer.nn.layer.Relu;
import java.util.List;

/**
 * Morvan's "famous artist" GAN (seed 004): learns the family of parabolas a·x² + (a−1), a ∈ [1, 2], sampled at
 * 15 points of [−1, 1], from 5 Gaussian "ideas".
 *
 * <p>Generator, a {@code SequentialBlock}: {@code Linear(128) → Relu → Linear(15)} (linear output).
 * <br>Discriminator: {@code Linear(128) → Relu → Linear(1)}; the seed's final sigmoid lives in the loss
 * (BCE with logits), which is the same objective computed stably.
 */
public final class CurvesGan implements GanArchitecture {

    public static final String NAME = "curves";
    /** Points per curve (the seed's ART_COMPONENTS). */
    public static final int POINTS = 15;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Block generator() {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(128).build())
                .add(new Relu())
                .add(Linear.builder().setUnits(POINTS).build());
    }

    @Override
    public Block discriminator() {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(128).build())
                .add(new Relu())
                .add(Linear.builder().setUnits(1).build());
    }

    @Override
    public GeneratorIo io() {
        return new GeneratorIo(5, LatentDistribution.NORMAL, 0, List.of(POINTS), OutputActivation.LINEAR);
    }

    @Override
    public Initializer weightInitializer() {
        return new XavierInitializer();
    }
}
