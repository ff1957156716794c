package dev.ganforge.trainer.cli;

import dev.ganforge.trainer.data.DatasetCatalog;
import dev.ganforge.trainer.train.ConsoleProgress;
import dev.ganforge.trainer.train.GanTrainer;
import dev.ganforge.trainer.train.TrainConfig;
import dev.ganforge.trainer.train.TrainOptions;
import dev.ganforge.trainer.train.TrainingRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
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
                + "checkpoints to the run directory. Ctrl-C or SIGTERM checkpoints and stops (a run started in the "
                + "background by a script ignores SIGINT: stop it with kill, not kill -INT); --resume continues exactly.",
            "Unset options take the architecture's defaults (mlp, mlp4, cdcgan, dcgan: Adam 2e-4/β₁ 0.5 or 1e-3 for "
                + "mlp; mlp: feature matching, 40 epochs, EMA 0.999; mlp4: 2 G steps per D step, 100 epochs, EMA 0.999; "
                + "cdcgan: 2 G steps per D step, 16 epochs, EMA 0.999; "
                + "dcgan: real label 0.9, label flip 0.05, 2 G steps per D step, 30 epochs, EMA 0.999; dcgan-bn: 34 epochs, "
                + "EMA 0.999; bn5: D "
                + "pre-trained 30 steps, then 2 G steps per D step, Adam 2e-4/β₁ 0.5 for both, G minimises −log D(G(z)), "
                + "16 epochs, EMA 0.999; infogan: G 1e-3, D 2e-4, 30 epochs, categorical-code weight 2, "
                + "continuous-code weight 0.1; curves: lr 1e-4, 5000 steps)."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TrainOptions options;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue this run from its latest checkpoint (options given here override its config).")
    Path resume;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Run directory (default runs/<arch>-<timestamp>).")
    Path runDir;

    @Mixin
    EngineThreadsOption threads;

    @Option(names = "--eval-every", paramLabel = "K", description = "Evaluate the generator export ships (the "
            + "EMA weights when kept; FID, label fidelity, coverage) every K epochs and at the end into "
            + "RUN_DIR/metrics.json, which export copies into the model (default 0: never; or run ganforge evaluate).")
    int evalEvery;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        GanTrainer trainer = new GanTrainer(new DatasetCatalog(GanforgeHome.resolve().dir()));
        TrainConfig config = resume == null ? options.toConfig() : null;
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
                TrainOptions overrides = options.withoutArch();
                try (EvaluatingListener listener = EvaluatingListener.wrap(progress, resume, evalEvery, out)) {
                    run = trainer.resume(resume, overrides::applyTo, listener.listener());
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
}
