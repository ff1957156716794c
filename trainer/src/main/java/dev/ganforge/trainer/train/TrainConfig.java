package dev.ganforge.trainer.train;

import dev.ganforge.trainer.nn.Architectures;
import dev.ganforge.trainer.nn.ConditionalDcgan;
import dev.ganforge.trainer.nn.CurvesGan;
import dev.ganforge.trainer.nn.Dcgan;
import dev.ganforge.trainer.nn.DcganBn;
import dev.ganforge.trainer.nn.FiveLayerGan;
import dev.ganforge.trainer.nn.InfoGan;
import dev.ganforge.trainer.nn.Mlp4Gan;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Everything that determines a training run; same config + same data + same seed ⇒ same run on CPU. Built by name:
 * {@link #recipe(String, String)} (an architecture's defaults) then {@link Builder} setters, or {@link #with} on an
 * existing config; text options (the {@code ganforge train} flags, a retrain request's hyperparameters) are parsed
 * by {@link TrainOptions} only. The component names are {@code run.json}'s keys: renaming one breaks resuming old
 * runs.
 *
 * @param arch             architecture name ({@code mlp}, {@code cdcgan}, {@code dcgan}, {@code curves}…)
 * @param dataset          dataset spec ({@code mnist}, {@code fashion-mnist}, {@code idx:DIR}); {@code curves} for
 *                         the synthetic parabolas
 * @param loss             the adversarial objective
 * @param epochs           passes over the data (ignored when {@code steps} &gt; 0)
 * @param steps            training iterations; 0 means "derive from epochs"
 * @param batchSize        samples per batch
 * @param lrG              generator learning rate
 * @param lrD              discriminator learning rate
 * @param beta1G           Adam β₁ of the generator
 * @param beta1D           Adam β₁ of the discriminator
 * @param beta2            Adam β₂ of both
 * @param dSteps           discriminator updates per iteration (each on a fresh real batch)
 * @param gSteps           generator updates per iteration
 * @param dPretrainSteps   initial iterations that update only the discriminator
 * @param seed             seeds weights, data order, latents, label noise and dropout
 * @param ema              decay of the generator's exponential moving average, 0 = off
 * @param realLabel        target for real samples in BCE losses (0.9 = one-sided label smoothing)
 * @param labelFlip        probability of swapping real/fake targets per sample in BCE losses
 * @param featureMatching  G matches D's penultimate features instead of fooling D (unconditional archs)
 * @param gpWeight         gradient-penalty weight λ for {@link GanLoss#WGAN_GP}
 * @param checkpointEvery  also checkpoint every this many iterations (0 = only at epoch ends)
 * @param logEvery         progress log line every this many iterations when not on a terminal
 * @param limit            train on at most this many images (0 = all)
 * @param device           {@code cpu}, {@code gpu}, {@code gpu(1)}…, or {@code null} for the engine default
 * @param infoCategorical  InfoGAN: weight λ of the categorical code's mutual-information term
 * @param infoContinuous   InfoGAN: weight λ of the continuous codes' term (Gaussian log-likelihood)
 * @param lrQ              InfoGAN: learning rate of Q's own head (D's optimiser, its own rate); 0 = D's rate,
 *                         which is also what a run.json written before it existed reads as
 */
public record TrainConfig(
        String arch,
        String dataset,
        GanLoss loss,
        int epochs,
        long steps,
        int batchSize,
        float lrG,
        float lrD,
        float beta1G,
        float beta1D,
        float beta2,
        int dSteps,
        int gSteps,
        int dPretrainSteps,
        long seed,
        float ema,
        float realLabel,
        float labelFlip,
        boolean featureMatching,
        float gpWeight,
        int checkpointEvery,
        int logEvery,
        int limit,
        String device,
        float infoCategorical,
        float infoContinuous,
        float lrQ) {

    /** Dataset spec of the synthetic parabolas of the {@code curves} architecture. */
    public static final String CURVES_DATASET = "curves";

    public TrainConfig {
        Architectures.byName(arch);
        require(dataset != null && !dataset.isBlank(), "dataset is required");
        require(loss != null, "loss is required (one of " + GanLoss.names() + ")");
        require(epochs > 0 || steps > 0, "epochs or steps must be positive");
        require(steps >= 0, "steps must not be negative");
        require(batchSize > 0, "batch-size must be positive");
        require(lrG > 0 && lrD > 0, "learning rates must be positive");
        require(lrQ >= 0, "lr-q must not be negative (0: D's learning rate)");
        require(beta1G >= 0 && beta1G < 1 && beta1D >= 0 && beta1D < 1 && beta2 >= 0 && beta2 < 1,
                "Adam betas must be in [0, 1)");
        require(dSteps > 0 && gSteps > 0, "d-steps and g-steps must be positive");
        require(dPretrainSteps >= 0, "d-pretrain-steps must not be negative");
        require(ema >= 0 && ema < 1, "ema decay must be in [0, 1)");
        require(realLabel > 0 && realLabel <= 1, "real-label must be in (0, 1]");
        require(labelFlip >= 0 && labelFlip < 0.5, "label-flip must be in [0, 0.5)");
        require(gpWeight >= 0, "gp-weight must not be negative");
        require(infoCategorical >= 0 && infoContinuous >= 0, "info-categorical and info-continuous must not be negative");
        require(checkpointEvery >= 0 && logEvery > 0 && limit >= 0,
                "checkpoint-every and limit must not be negative, log-every must be positive");
        boolean curves = CurvesGan.NAME.equals(arch);
        require(curves == CURVES_DATASET.equals(dataset),
                curves ? "the curves architecture trains on --dataset curves" : "--dataset curves needs --arch curves");
    }

    /** The rate Q's head learns at: its own when set, else D's (so that changing D's rate moves it too). */
    public float qLearningRate() {
        return lrQ > 0 ? lrQ : lrD;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * The recipes: each architecture's defaults, following its seed article; every number a recipe does not name is
     * the {@link Builder}'s starting value. The one place to change a default.
     *
     * @param dataset null for the architecture's own ({@code curves}) or to be set on the builder
     */
    public static Builder recipe(String arch, String dataset) {
        Architectures.byName(arch);
        Builder recipe = new Builder(arch, dataset);
        return switch (arch) {
            // Seed 004: Adam(lr 1e-4) with PyTorch's default betas, batch 64, G minimises log(1 − D(G(z))).
            case CurvesGan.NAME -> recipe.dataset(dataset == null ? CURVES_DATASET : dataset)
                    .loss(GanLoss.MINIMAX).epochs(0).steps(5000)
                    .lrG(1e-4f).lrD(1e-4f).beta1G(0.9f).beta1D(0.9f)
                    .logEvery(100);
            // Seed 002: G updated twice per D update. 16 epochs with an EMA generator (exported by default): the budget
            // at which its digits are read as the label asked for, within half an hour on 2 cores (docs/quality.md).
            case ConditionalDcgan.NAME -> recipe.epochs(16)
                    .lrG(2e-4f).lrD(2e-4f).beta1G(0.5f).beta1D(0.5f)
                    .gSteps(2).ema(0.999f);
            // Seed 003: one-sided label smoothing and a little label noise; 30 epochs with an EMA generator. G
            // updated twice per D update (as cdcgan's seed does): per iteration it learns faster than the 1:1 loop,
            // at about 1.5 times the cost of an iteration (docs/quality.md).
            case Dcgan.NAME -> recipe.epochs(30)
                    .lrG(2e-4f).lrD(2e-4f).beta1G(0.5f).beta1D(0.5f)
                    .gSteps(2).ema(0.999f).realLabel(0.9f).labelFlip(0.05f);
            // dcgan's generator against a batch-norm discriminator: the classic DCGAN recipe (1:1, no label noise)
            // with an EMA generator; 34 epochs: the first count past 70 % recognisable with a point to spare, and
            // still inside half an hour on one core (docs/quality.md).
            case DcganBn.NAME -> recipe.epochs(34)
                    .lrG(2e-4f).lrD(2e-4f).beta1G(0.5f).beta1D(0.5f)
                    .ema(0.999f);
            // Seed 001: Adam(lr, β₁) for both, G minimises −log D(G(z)), D pre-trained 30 steps before the alternation;
            // the seed gives no length: 16 epochs with an EMA generator, G updated twice per D update
            // (docs/quality.md).
            case FiveLayerGan.NAME -> recipe.epochs(16)
                    .lrG(2e-4f).lrD(2e-4f).beta1G(0.5f).beta1D(0.5f)
                    .gSteps(2).dPretrainSteps(30).ema(0.999f);
            // Seed 003 / InfoGAN's MNIST set-up: Adam 1e-3 for G (and Q through it), 2e-4 for D, β₁ 0.5; the
            // continuous codes' term at 0.1, so they shape the stroke instead of taking over the digit from the
            // categorical code, and the categorical one at 2, so that one code value draws one digit rather than
            // two along c1; 30 epochs, where FID had halved since 15 and the code stood at 88.7 % (docs/quality.md).
            case InfoGan.NAME -> recipe.epochs(30)
                    .lrG(1e-3f).lrD(2e-4f).beta1G(0.5f).beta1D(0.5f)
                    .infoCategorical(2f).infoContinuous(0.1f);
            // mlp4: PyTorch's usual MLP GAN recipe, Adam 2e-4 / β₁ 0.5, G fooling D, an EMA generator, 100 epochs
            // (13,000 iterations on MNIST, FID still falling there), with G updated twice per D update: at 1:1 the
            // game drew "1"s and "7"s in excess and a "5" or "8" in 2.25 % of samples, twice as few as asked
            // (docs/quality.md).
            case Mlp4Gan.NAME -> recipe.epochs(100)
                    .lrG(2e-4f).lrD(2e-4f).beta1G(0.5f).beta1D(0.5f)
                    .gSteps(2).ema(0.999f);
            // mlp (seed 000): fooling D collapses this small pair onto a few blurred modes (recall 0.00); G matching
            // D's mean features does not, and 40 epochs with an EMA generator take ≈ 3 minutes (docs/quality.md).
            default -> recipe.epochs(40)
                    .lrG(1e-3f).lrD(1e-3f).beta1G(0.5f).beta1D(0.5f)
                    .ema(0.999f).featureMatching(true);
        };
    }

    /** {@link #recipe(String, String)}, built. */
    public static TrainConfig defaults(String arch, String dataset) {
        return recipe(arch, dataset).build();
    }

    /**
     * A config from {@code ganforge train}'s option names without dashes ({@code arch}, {@code lr-g}…) and their
     * text values, as a retrain request carries them: {@code arch} is required, everything absent keeps the recipe.
     *
     * @throws IllegalArgumentException one readable line naming the bad option, as the CLI prints it
     */
    public static TrainConfig fromOptions(Map<String, String> options) {
        return TrainOptions.parse(options).toConfig();
    }

    /** A copy with the named text options replaced (resume overrides; names as {@link #fromOptions}). */
    public TrainConfig with(Map<String, String> overrides) {
        return TrainOptions.parse(overrides).applyTo(toBuilder()).build();
    }

    /** A copy changed by name, e.g. {@code config.with(b -> b.steps(20))}. */
    public TrainConfig with(UnaryOperator<Builder> change) {
        return change.apply(toBuilder()).build();
    }

    public Builder toBuilder() {
        return new Builder(arch, dataset).loss(loss).epochs(epochs).steps(steps).batchSize(batchSize)
                .lrG(lrG).lrD(lrD).beta1G(beta1G).beta1D(beta1D).beta2(beta2)
                .dSteps(dSteps).gSteps(gSteps).dPretrainSteps(dPretrainSteps).seed(seed).ema(ema)
                .realLabel(realLabel).labelFlip(labelFlip).featureMatching(featureMatching).gpWeight(gpWeight)
                .checkpointEvery(checkpointEvery).logEvery(logEvery).limit(limit).device(device)
                .infoCategorical(infoCategorical).infoContinuous(infoContinuous).lrQ(lrQ);
    }

    /**
     * Builds a {@link TrainConfig} by name; validation happens in {@link #build()}. The starting values are what
     * every recipe shares unless it says otherwise.
     */
    public static final class Builder {
        private String arch;
        private String dataset;
        private GanLoss loss = GanLoss.NON_SATURATING;
        private int epochs = 10;
        private long steps = 0;
        private int batchSize = 64;
        private float lrG = 2e-4f;
        private float lrD = 2e-4f;
        private float beta1G = 0.5f;
        private float beta1D = 0.5f;
        private float beta2 = 0.999f;
        private int dSteps = 1;
        private int gSteps = 1;
        private int dPretrainSteps = 0;
        private long seed = 1;
        private float ema = 0;
        private float realLabel = 1f;
        private float labelFlip = 0f;
        private boolean featureMatching = false;
        private float gpWeight = 10f;
        private int checkpointEvery = 0;
        private int logEvery = 50;
        private int limit = 0;
        private String device = null;
        private float infoCategorical = 1f;
        private float infoContinuous = 1f;
        private float lrQ = 0;

        private Builder(String arch, String dataset) {
            this.arch = arch;
            this.dataset = dataset;
        }

        public Builder arch(String value) {
            arch = value;
            return this;
        }

        public Builder dataset(String value) {
            dataset = value;
            return this;
        }

        public Builder loss(GanLoss value) {
            loss = value;
            return this;
        }

        public Builder epochs(int value) {
            epochs = value;
            return this;
        }

        public Builder steps(long value) {
            steps = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder lrG(float value) {
            lrG = value;
            return this;
        }

        public Builder lrD(float value) {
            lrD = value;
            return this;
        }

        public Builder beta1G(float value) {
            beta1G = value;
            return this;
        }

        public Builder beta1D(float value) {
            beta1D = value;
            return this;
        }

        public Builder beta2(float value) {
            beta2 = value;
            return this;
        }

        public Builder dSteps(int value) {
            dSteps = value;
            return this;
        }

        public Builder gSteps(int value) {
            gSteps = value;
            return this;
        }

        public Builder dPretrainSteps(int value) {
            dPretrainSteps = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder ema(float value) {
            ema = value;
            return this;
        }

        public Builder realLabel(float value) {
            realLabel = value;
            return this;
        }

        public Builder labelFlip(float value) {
            labelFlip = value;
            return this;
        }

        public Builder featureMatching(boolean value) {
            featureMatching = value;
            return this;
        }

        public Builder gpWeight(float value) {
            gpWeight = value;
            return this;
        }

        public Builder checkpointEvery(int value) {
            checkpointEvery = value;
            return this;
        }

        public Builder logEvery(int value) {
            logEvery = value;
            return this;
        }

        public Builder limit(int value) {
            limit = value;
            return this;
        }

        public Builder device(String value) {
            device = value;
            return this;
        }

        public Builder infoCategorical(float value) {
            infoCategorical = value;
            return this;
        }

        public Builder lrQ(float value) {
            lrQ = value;
            return this;
        }

        public Builder infoContinuous(float value) {
            infoContinuous = value;
            return this;
        }

        /** @throws IllegalArgumentException one readable line naming what is wrong */
        public TrainConfig build() {
            return new TrainConfig(arch, dataset, loss, epochs, steps, batchSize, lrG, lrD, beta1G, beta1D, beta2,
                    dSteps, gSteps, dPretrainSteps, seed, ema, realLabel, labelFlip, featureMatching, gpWeight,
                    checkpointEvery, logEvery, limit, device, infoCategorical, infoContinuous, lrQ);
        }
    }
}
