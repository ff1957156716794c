package dev.ganforge.trainer.train;

import dev.ganforge.trainer.nn.Architectures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The options of {@code ganforge train} that shape a {@link TrainConfig}, typed, and the one place their text is
 * parsed: by picocli on the command line ({@code TrainCommand} mixes this in), and by the same picocli spec for a
 * retrain request's hyperparameters and resume overrides ({@link #parse(Map)}), so a bad value reads the same
 * wherever it is given. An option left out ({@code null}) keeps the architecture's recipe or the resumed run's value.
 */
public final class TrainOptions {

    @Option(names = "--arch", paramLabel = "ARCH", completionCandidates = Architectures.Names.class,
            description = "${COMPLETION-CANDIDATES} (required unless --resume).")
    String arch;

    @Option(names = "--dataset", paramLabel = "DATASET",
            description = "mnist | fashion-mnist | idx:DIR | curves (for --arch curves; the default there).")
    String dataset;

    @Option(names = "--loss", paramLabel = "LOSS", converter = LossConverter.class,
            description = "minimax | non-saturating | wgan-gp | hinge.")
    GanLoss loss;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the data.")
    Integer epochs;

    @Option(names = "--steps", paramLabel = "N", description = "Iterations in total (overrides --epochs).")
    Long steps;

    @Option(names = "--batch-size", paramLabel = "N", description = "Samples per batch (default 64).")
    Integer batchSize;

    @Option(names = "--lr-g", paramLabel = "LR", description = "Generator learning rate.")
    Float lrG;

    @Option(names = "--lr-d", paramLabel = "LR", description = "Discriminator learning rate.")
    Float lrD;

    @Option(names = "--beta1-g", paramLabel = "B", description = "Generator Adam β₁.")
    Float beta1G;

    @Option(names = "--beta1-d", paramLabel = "B", description = "Discriminator Adam β₁.")
    Float beta1D;

    @Option(names = "--beta2", paramLabel = "B", description = "Adam β₂ of both networks (default 0.999).")
    Float beta2;

    @Option(names = "--d-steps", paramLabel = "N", description = "D updates per iteration (default 1).")
    Integer dSteps;

    @Option(names = "--g-steps", paramLabel = "N", description = "G updates per iteration (cdcgan default 2).")
    Integer gSteps;

    @Option(names = "--d-pretrain-steps", paramLabel = "N",
            description = "Initial iterations updating only D (default 0).")
    Integer dPretrainSteps;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of weights, data order, latents, noise (default 1).")
    Long seed;

    @Option(names = "--ema", paramLabel = "DECAY", description = "Keep an EMA of G's weights with this decay, e.g. 0.999.")
    Float ema;

    @Option(names = "--real-label", paramLabel = "T", description = "Target for real samples (0.9 = label smoothing).")
    Float realLabel;

    @Option(names = "--label-flip", paramLabel = "P", description = "Probability of swapping real/fake targets.")
    Float labelFlip;

    @Option(names = "--feature-matching", arity = "0..1", paramLabel = "BOOL", negatable = true,
            description = "G matches D's penultimate features (unconditional archs; mlp's default, "
                    + "--no-feature-matching: G fools D).")
    Boolean featureMatching;

    @Option(names = "--gp-weight", paramLabel = "λ", description = "WGAN-GP penalty weight (default 10).")
    Float gpWeight;

    @Option(names = "--info-categorical", paramLabel = "λ",
            description = "InfoGAN: weight of the categorical code's mutual-information term (default 2).")
    Float infoCategorical;

    @Option(names = "--info-continuous", paramLabel = "λ",
            description = "InfoGAN: weight of the continuous codes' mutual-information term (default 0.1).")
    Float infoContinuous;

    @Option(names = "--lr-q", paramLabel = "LR",
            description = "InfoGAN: learning rate of Q's own head (default 0: D's).")
    Float lrQ;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Also checkpoint every N iterations (default: epoch ends only).")
    Integer checkpointEvery;

    @Option(names = "--log-every", paramLabel = "N", description = "Log line every N iterations when not on a terminal.")
    Integer logEvery;

    @Option(names = "--limit", paramLabel = "N", description = "Train on the first N images only.")
    Integer limit;

    @Option(names = "--device", paramLabel = "DEVICE",
            description = "cpu | gpu | gpu(N) (default: what the engine picks).")
    String device;

    /**
     * Options given as name → text, the names without dashes ({@code lr-g}, {@code batch-size}), parsed by the same
     * picocli spec as the command line.
     *
     * @throws IllegalArgumentException the first bad option as one line, worded as the command line words it
     */
    public static TrainOptions parse(Map<String, String> options) {
        TrainOptions parsed = new TrainOptions();
        CommandLine parser = new CommandLine(parsed);
        List<String> args = new ArrayList<>();
        for (Map.Entry<String, String> option : options.entrySet()) {
            String flag = "--" + option.getKey();
            if (parser.getCommandSpec().findOption(flag) == null) {
                throw new IllegalArgumentException("unknown training option '" + option.getKey() + "' (known: "
                        + names(parser) + ")");
            }
            args.add(flag + "=" + (option.getValue() == null ? "" : option.getValue().trim()));
        }
        try {
            parser.parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return parsed;
    }

    private static String names(CommandLine parser) {
        return parser.getCommandSpec().options().stream().map(OptionSpec::longestName).map(n -> n.substring(2))
                .collect(Collectors.joining(", "));
    }

    /** Drops {@code --arch}: a resumed run keeps its architecture, so the flag is redundant there. */
    public TrainOptions withoutArch() {
        arch = null;
        return this;
    }

    /** A new run's config: the architecture's recipe with these options on top. */
    public TrainConfig toConfig() {
        if (arch == null) {
            throw new IllegalArgumentException("--arch is required (one of " + String.join(", ", Architectures.names())
                    + ")");
        }
        return applyTo(TrainConfig.recipe(arch, dataset)).build();
    }

    /** Sets every option that was given on {@code builder}; the rest stay as they are. */
    public TrainConfig.Builder applyTo(TrainConfig.Builder builder) {
        set(arch, builder::arch);
        set(dataset, builder::dataset);
        set(loss, builder::loss);
        set(epochs, builder::epochs);
        set(steps, builder::steps);
        set(batchSize, builder::batchSize);
        set(lrG, builder::lrG);
        set(lrD, builder::lrD);
        set(beta1G, builder::beta1G);
        set(beta1D, builder::beta1D);
        set(beta2, builder::beta2);
        set(dSteps, builder::dSteps);
        set(gSteps, builder::gSteps);
        set(dPretrainSteps, builder::dPretrainSteps);
        set(seed, builder::seed);
        set(ema, builder::ema);
        set(realLabel, builder::realLabel);
        set(labelFlip, builder::labelFlip);
        set(featureMatching, builder::featureMatching);
        set(gpWeight, builder::gpWeight);
        set(infoCategorical, builder::infoCategorical);
        set(infoContinuous, builder::infoContinuous);
        set(lrQ, builder::lrQ);
        set(checkpointEvery, builder::checkpointEvery);
        set(logEvery, builder::logEvery);
        set(limit, builder::limit);
        if (device != null) {
            builder.device(device.isBlank() ? null : device);
        }
        return builder;
    }

    private static <T> void set(T value, java.util.function.Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    /** {@code --loss}: the option names of {@link GanLoss}, not its constant names. */
    static final class LossConverter implements ITypeConverter<GanLoss> {
        @Override
        public GanLoss convert(String value) {
            try {
                return GanLoss.byName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not one of " + GanLoss.names());
            }
        }
    }
}
