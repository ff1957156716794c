package dev.ganforge.trainer.cli;

import dev.ganforge.trainer.data.DatasetCatalog;
import dev.ganforge.trainer.evaluate.ClassifierStore;
import dev.ganforge.trainer.evaluate.EvaluatedModel;
import dev.ganforge.trainer.evaluate.EvaluationReport;
import dev.ganforge.trainer.evaluate.EvaluationSummary;
import dev.ganforge.trainer.evaluate.ModelEvaluator;
import dev.ganforge.trainer.train.RunManifest;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ganforge evaluate}: sample quality of a run's generator or an exported model. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Measure a generator's samples: FID against held-out real images (next to the floor of "
                + "real training images), label fidelity for conditional models, class coverage; for curves, the "
                + "fraction of curves the artist could have painted.",
            "Features and labels come from a LeNet reference classifier trained once per dataset and cached in "
                + "$GANFORGE_HOME/classifiers.",
            "Prints the metrics as JSON on stdout."})
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    EngineThreadsOption threads;

    @Option(names = "--from", required = true, paramLabel = "RUN_DIR|MODEL.onnx",
            description = "A training run directory (its latest checkpoint) or an exported .onnx model.")
    Path from;

    @Option(names = "--dataset", paramLabel = "D",
            description = "Dataset to compare with (default: the one the model was trained on).")
    String dataset;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "" + ModelEvaluator.DEFAULT_SAMPLES,
            description = "Generated samples (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + ModelEvaluator.DEFAULT_SEED,
            description = "Latent seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--ema", negatable = true,
            description = "Run directories: the EMA generator weights (--no-ema: G's last weights). Default: the EMA "
                    + "weights when the run kept them.")
    Boolean ema;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Also write the JSON here (default for a run directory: RUN_DIR/metrics.json, which "
                    + "export copies into the model metadata).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (samples < 2) {
            throw new IllegalArgumentException("--samples must be at least 2, got " + samples);
        }
        PrintWriter err = spec.commandLine().getErr();
        Path home = GanforgeHome.resolve().dir();
        ClassifierStore classifiers = ClassifierStore.withDefaultBudget(home, line -> progress(err, line));
        EvaluationReport report;
        try (ModelEvaluator evaluator = new ModelEvaluator(new DatasetCatalog(home), classifiers);
             EvaluatedModel model = EvaluatedModel.open(from, ema != null ? ema : RunManifest.keptEma(from))) {
            report = evaluator.evaluate(model, dataset, samples, seed);
        }
        Path target = out != null ? out : Files.isDirectory(from) ? from.resolve(EvaluationReport.FILE) : null;
        if (target != null) {
            report.write(target);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(report.toJson());
        stdout.flush();
        progress(err, EvaluationSummary.oneLine(report) + (target == null ? "" : " → " + target));
        return 0;
    }

    private static void progress(PrintWriter err, String line) {
        err.println(line);
        err.flush();
    }
}
