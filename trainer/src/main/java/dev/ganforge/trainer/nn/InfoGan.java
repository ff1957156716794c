package dev.ganforge.trainer.nn;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import dev.ganforge.shared.model.LatentCodes;
import dev.ganforge.trainer.nn.layer.Flatten;
import dev.ganforge.trainer.nn.layer.LeakyRelu;
import dev.ganforge.trainer.nn.layer.Relu;
import dev.ganforge.trainer.nn.layer.Sigmoid;
import dev.ganforge.trainer.nn.layer.TransposedConv2d;
import java.util.ArrayList;
import java.util.List;

/**
 * InfoGAN on MNIST (seed 003; Chen et al. 2016, appendix C.1): z = 62 noise values U[−1, 1], one categorical code
 * over 10 values (one-hot) and 2 continuous codes U[−1, 1]. Q shares the discriminator's body: D's head and Q's
 * head sit side by side on its 1024 features, as in the paper, and their outputs are joined into one row per
 * sample — the real/fake logit, then Q's estimates (10 category logits, 2 continuous means). The trainer adds the
 * mutual-information lower bound — the categorical cross-entropy and the Gaussian log-likelihood of the codes — to
 * both players' objectives. It never sees a label: the categorical code comes to pick the digit,
 * the continuous ones its slant and stroke width.
 *
 * <p>Generator: {@code Linear(1024) → BatchNorm → Relu → Linear(128·7·7) → BatchNorm → Relu → Reshape(128, 7, 7)
 * → TransposedConv2d(64, k4 s2 p1) [14×14] → BatchNorm → Relu → TransposedConv2d(1, k4 s2 p1) [28×28] → Sigmoid}.
 * <br>Discriminator body: {@code Conv2d(64, k4 s2 p1) → LeakyRelu(0.1) → Conv2d(128, k4 s2 p1) → BatchNorm
 * → LeakyRelu(0.1) → Flatten → Linear(1024) → BatchNorm → LeakyRelu(0.1)}, then side by side D's head
 * {@code Linear(1)} and Q's head {@code Linear(128) → BatchNorm → LeakyRelu(0.1) → Linear(10 + 2)}, concatenated.
 */
public final class InfoGan implements GanArchitecture {

    public static final String NAME = "infogan";
    public static final LatentCodes CODES = new LatentCodes(10, 2);
    private static final int NOISE = 62;
    private static final float SLOPE = 0.1f;
    private static final int Q_HIDDEN = 128;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Block generator() {
        return GeneratorStems.denseTo7x7(new SequentialBlock())
                .add(new TransposedConv2d(64, 4, 2, 1, 0))
                .add(BatchNorm.builder().build())
                .add(new Relu())
                .add(new TransposedConv2d(1, 4, 2, 1, 0))
                .add(new Sigmoid());
    }

    @Override
    public Block discriminator() {
        return sharedBody(SLOPE)
                .add(new ParallelBlock(InfoGan::joinHeads, List.of(
                        Linear.builder().setUnits(1).build(),
                        new SequentialBlock()
                                .add(Linear.builder().setUnits(Q_HIDDEN).build())
                                .add(BatchNorm.builder().build())
                                .add(new LeakyRelu(SLOPE))
                                .add(Linear.builder().setUnits(CODES.size()).build()))));
    }

    /** Q's head: the second branch of the parallel block that ends the discriminator. */
    @Override
    public List<Parameter> informationHead(Block discriminator) {
        List<Block> layers = discriminator.getChildren().values();
        Block heads = layers.get(layers.size() - 1);
        List<Parameter> parameters = new ArrayList<>();
        heads.getChildren().values().get(1).getParameters().forEach(p -> parameters.add(p.getValue()));
        return parameters;
    }

    /** D's logit and Q's estimates as one {@code [N, 1 + codes]} row per sample, the layout the trainer reads. */
    private static NDList joinHeads(List<NDList> heads) {
        return new NDList(NDArrays.concat(new NDList(heads.get(0).singletonOrThrow(), heads.get(1).singletonOrThrow()),
                1));
    }

    /**
     * The paper's MNIST discriminator up to its 1024 features (conv 64 – LReLU, conv 128 – BN – LReLU, FC 1024 – BN –
     * LReLU), the body InfoGAN's heads share and dcgan-bn ends with a single logit.
     */
    static SequentialBlock sharedBody(float slope) {
        return new SequentialBlock()
                .add(Dcgan.conv(64))
                .add(new LeakyRelu(slope))
                .add(Dcgan.conv(128))
                .add(BatchNorm.builder().build())
                .add(new LeakyRelu(slope))
                .add(new Flatten())
                .add(Linear.builder().setUnits(1024).build())
                .add(BatchNorm.builder().build())
                .add(new LeakyRelu(slope));
    }

    @Override
    public GeneratorIo io() {
        return new GeneratorIo(NOISE + CODES.size(), LatentDistribution.UNIFORM, 0, List.of(1, 28, 28), OutputActivation.SIGMOID, CODES);
    }

    @Override
    public Initializer weightInitializer() {
        return new NormalInitializer(0.02f);
    }
}
