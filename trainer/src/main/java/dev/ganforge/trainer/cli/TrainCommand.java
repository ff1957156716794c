package dev.ganforge.trainer.cli;

import dev.ganforge.trainer.data.DatasetCatalog;
import dev.ganforge.trainer.nn.Architectures;
import dev.ganforge.trainer.train.ConsoleProgress;
import dev.ganforge.trainer.train.GanTrainer;
import dev.ganforge.trainer.train.TrainConfig;
import dev.ganforge.trainer.train.TrainingRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ganforge train}: a new run, or {@code --resume RUN_DIR} to continue one exactly. */
@Command(name = "train", sortOptions = false,
        description = {"Trains a GAN; writes run.json, metrics.csv, samples/epoch-NNN.png, loss.png and "
                + "checkpoints to the run directory. Ctrl-C checkpoints and stops; --resume continues exactly.",
            "Unset options take the architecture's defaults (mlp, cdcgan, dcgan: Adam 2e-4/β₁ 0.5 or 1e-3 for mlp; "
                + "mlp: feature matching, 40 epochs, EMA 0.999; cdcgan: 2 G steps per D step, 16 epochs, EMA 0.999; dcgan: real label 0.9, label flip 0.05, "
                + "2 G steps per D step, 30 epochs, EMA 0.999; bn5: D pre-trained 30 steps, 2 G steps per D step, 16 epochs, EMA 0.999; infogan: G 1e-3, D 2e-4, 15 epochs, "
                + "continuous-code weight 0.1; curves: lr 1e-4, 5000 steps)."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--arch", paramLabel = "ARCH", description = "mlp | cdcgan | dcgan | bn5 | infogan | curves (required unless --resume).")
    String arch;

    @Option(names = "--dataset", paramLabel = "DATASET",
            description = "mnist | fashion-mnist | idx:DIR | curves (for --arch curves; the default there).")
    String dataset;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue this run from its latest checkpoint (options given here override its config).")
    Path resume;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Run directory (default runs/<arch>-<timestamp>).")
    Path runDir;

    @Option(names = "--loss", paramLabel = "LOSS", description = "minimax | non-saturating | wgan-gp | hinge.")
    String loss;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the data.")
    String epochs;

    @Option(names = "--steps", paramLabel = "N", description = "Iterations in total (overrides --epochs).")
    String steps;

    @Option(names = "--batch-size", paramLabel = "N", description = "Samples per batch (default 64).")
    String batchSize;

    @Option(names = "--lr-g", paramLabel = "LR", description = "Generator learning rate.")
    String lrG;

    @Option(names = "--lr-d", paramLabel = "LR", description = "Discriminator learning rate.")
    String lrD;

    @Option(names = "--beta1-g", paramLabel = "B", description = "Generator Adam β₁.")
    String beta1G;

    @Option(names = "--beta1-d", paramLabel = "B", description = "Discriminator Adam β₁.")
    String beta1D;

    @Option(names = "--beta2", paramLabel = "B", description = "Adam β₂ of both networks (default 0.999).")
    String beta2;

    @Option(names = "--d-steps", paramLabel = "N", description = "D updates per iteration (default 1).")
    String dSteps;

    @Option(names = "--g-steps", paramLabel = "N", description = "G updates per iteration (cdcgan default 2).")
    String gSteps;

    @Option(names = "--d-pretrain-steps", paramLabel = "N", description = "Initial iterations updating only D (default 0).")
    String dPretrainSteps;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of weights, data order, latents, noise (default 1).")
    String seed;

    @Option(names = "--ema", paramLabel = "DECAY", description = "Keep an EMA of G's weights with this decay, e.g. 0.999.")
    String ema;

    @Option(names = "--real-label", paramLabel = "T", description = "Target for real samples (0.9 = label smoothing).")
    String realLabel;

    @Option(names = "--label-flip", paramLabel = "P", description = "Probability of swapping real/fake targets.")
    String labelFlip;

    @Option(names = "--feature-matching", negatable = true,
            description = "G matches D's penultimate features (unconditional archs; mlp's default, "
                    + "--no-feature-matching: G fools D).")
    Boolean featureMatching;

    @Option(names = "--gp-weight", paramLabel = "λ", description = "WGAN-GP penalty weight (default 10).")
    String gpWeight;

    @Option(names = "--info-categorical", paramLabel = "λ",
            description = "InfoGAN: weight of the categorical code's mutual-information term (default 1).")
    String infoCategorical;

    @Option(names = "--info-continuous", paramLabel = "λ",
            description = "InfoGAN: weight of the continuous codes' mutual-information term (default 0.1).")
    String infoContinuous;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Also checkpoint every N iterations (default: epoch ends only).")
    String checkpointEvery;

    @Option(names = "--log-every", paramLabel = "N", description = "Log line every N iterations when not on a terminal.")
    String logEvery;

    @Option(names = "--limit", paramLabel = "N", description = "Train on the first N images only.")
    String limit;

    @Option(names = "--device", paramLabel = "DEVICE", description = "cpu | gpu | gpu(N) (default: what the engine picks).")
    String device;

    @Mixin
    EngineThreadsOption threads;

    @Option(names = "--eval-every", paramLabel = "K", description = "Evaluate the generator (FID, label "
            + "fidelity, coverage) every K epochs and at the end into RUN_DIR/metrics.json, which export copies "
            + "into the model (default 0: never; or run ganforge evaluate).")
    int evalEvery;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> options = options();
        GanTrainer trainer = new GanTrainer(new DatasetCatalog(GanforgeHome.resolve().dir()));
        TrainConfig config = resume == null ? TrainConfig.fromOptions(withArch(options)) : null;
        int logEvery = config == null ? 50 : config.logEvery();
        ConsoleProgress progress = new ConsoleProgress(out, System.console() != null, logEvery);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // Ctrl-C: let the loop finish its iteration and write a checkpoint before the JVM exits.
            progress.requestStop();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ganforge-train-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            TrainingRun run;
            if (resume != null) {
                options.remove("arch");
                try (EvaluatingListener listener = EvaluatingListener.wrap(progress, resume, evalEvery, out)) {
                    run = trainer.resume(resume, options, listener.listener());
                }
            } else {
                Path dir = runDir != null ? runDir : Path.of("runs", config.arch() + "-"
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
                try (EvaluatingListener listener = EvaluatingListener.wrap(progress, dir, evalEvery, out)) {
                    run = trainer.train(config, dir, listener.listener());
                }
            }
            out.println();
            out.printf("%s after %d iterations (%d epochs): %s%n", run.interrupted() ? "stopped" : "done",
                    run.step(), run.epoch(), run.runDir());
            return 0;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: nothing to remove
            }
        }
    }

    private Map<String, String> withArch(Map<String, String> options) {
        if (arch == null) {
            throw new IllegalArgumentException("--arch is required (one of " + String.join(", ", Architectures.names())
                    + ")");
        }
        return options;
    }

    /** The options given, by TrainConfig's names; unset ones absent, so the architecture's defaults apply. */
    Map<String, String> options() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "arch", arch);
        put(m, "dataset", dataset);
        put(m, "loss", loss);
        put(m, "epochs", epochs);
        put(m, "steps", steps);
        put(m, "batch-size", batchSize);
        put(m, "lr-g", lrG);
        put(m, "lr-d", lrD);
        put(m, "beta1-g", beta1G);
        put(m, "beta1-d", beta1D);
        put(m, "beta2", beta2);
        put(m, "d-steps", dSteps);
        put(m, "g-steps", gSteps);
        put(m, "d-pretrain-steps", dPretrainSteps);
        put(m, "seed", seed);
        put(m, "ema", ema);
        put(m, "real-label", realLabel);
        put(m, "label-flip", labelFlip);
        put(m, "feature-matching", featureMatching == null ? null : featureMatching.toString());
        put(m, "gp-weight", gpWeight);
        put(m, "info-categorical", infoCategorical);
        put(m, "info-continuous", infoContinuous);
        put(m, "checkpoint-every", checkpointEvery);
        put(m, "log-every", logEvery);
        put(m, "limit", limit);
        put(m, "device", device);
        return m;
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
