package dev.ganforge.trainer.train;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The adversarial objectives, on raw discriminator outputs (logits / critic scores). Every method returns the
 * quantity to MINIMISE; the comments give the objective in the paper's "maximise" form.
 */
public enum GanLoss {

    /** Goodfellow et al.: D maximises log D(x) + log(1 − D(G(z))); G minimises log(1 − D(G(z))). */
    MINIMAX("minimax"),
    /** As minimax for D; G maximises log D(G(z)) instead, which does not saturate early in training. */
    NON_SATURATING("non-saturating"),
    /** Wasserstein critic, D maximises D(x) − D(G(z)) (penalty added by the trainer); G maximises D(G(z)). */
    WGAN_GP("wgan-gp"),
    /** D minimises relu(1 − D(x)) + relu(1 + D(G(z))); G maximises D(G(z)). */
    HINGE("hinge");

    private final String optionName;

    GanLoss(String optionName) {
        this.optionName = optionName;
    }

    /** The name on the command line and in {@code run.json}. */
    @JsonValue
    public String optionName() {
        return optionName;
    }

    @JsonCreator
    public static GanLoss byName(String name) {
        for (GanLoss loss : values()) {
            if (loss.optionName.equals(name)) {
                return loss;
            }
        }
        throw new IllegalArgumentException("unknown loss '" + name + "' (known: " + names() + ")");
    }

    /** The option names, comma-separated, for help and error messages. */
    public static String names() {
        return Arrays.stream(values()).map(GanLoss::optionName).collect(Collectors.joining(", "));
    }

    /** Whether D's output is a probability logit (so D(x) is reported as sigmoid and targets apply). */
    public boolean probabilistic() {
        return this == MINIMAX || this == NON_SATURATING;
    }

    /**
     * @param realTargets per-sample targets for real samples (1, or 0.9 when smoothed, 0 when flipped)
     * @param fakeTargets per-sample targets for generated samples (0, or 1 when flipped)
     */
    public NDArray discriminator(NDArray realOut, NDArray fakeOut, NDArray realTargets, NDArray fakeTargets) {
        return switch (this) {
            case MINIMAX, NON_SATURATING -> binaryCrossEntropy(realOut, realTargets)
                    .add(binaryCrossEntropy(fakeOut, fakeTargets));
            case WGAN_GP -> fakeOut.mean().sub(realOut.mean());
            case HINGE -> relu(realOut.neg().add(1)).mean().add(relu(fakeOut.add(1)).mean());
        };
    }

    public NDArray generator(NDArray fakeOut) {
        return switch (this) {
            // log(1 − σ(l)) = −softplus(l)
            case MINIMAX -> softplus(fakeOut).neg().mean();
            // −log σ(l) = softplus(−l)
            case NON_SATURATING -> softplus(fakeOut.neg()).mean();
            case WGAN_GP, HINGE -> fakeOut.mean().neg();
        };
    }

    /**
     * Mean of −[t·log σ(l) + (1−t)·log(1−σ(l))] = t·softplus(−l) + (1−t)·softplus(l), written as softplus(l) − t·l
     * (as TensorFlow's sigmoid cross-entropy does): three ops instead of seven, and as few autograd nodes to walk
     * back through, which on small networks is what a training step costs. Its gradient is σ(l) − t, as PyTorch's.
     * The logits lead every product: a result belongs to its first operand's manager, and the targets may live as
     * long as the run (leaking one array per step otherwise).
     */
    static NDArray binaryCrossEntropy(NDArray logits, NDArray targets) {
        NDArray flatLogits = logits.reshape(-1);
        return softplus(flatLogits).sub(flatLogits.mul(targets)).mean();
    }

    private static NDArray relu(NDArray x) {
        return x.getNDArrayInternal().relu();
    }

    /** log(1 + eˣ), the engine's own kernel (stable, and one autograd node). */
    static NDArray softplus(NDArray x) {
        return x.getNDArrayInternal().softPlus();
    }
}
