package dev.ganforge.trainer.evaluate;

import dev.ganforge.trainer.train.RealImageCategories;
import dev.ganforge.trainer.train.RunDirectory;
import dev.ganforge.trainer.train.RunManifest;
import dev.ganforge.trainer.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * {@code ganforge train --eval-every K}: after every K-th epoch's checkpoint, and after the final one, evaluates
 * the checkpointed generator and writes {@code RUN_DIR/metrics.json} (which export copies into the ONNX
 * metadata), appending the headline figures to {@code RUN_DIR/metrics-history.jsonl}. It reads the
 * checkpoint back from disk rather than touching the live networks, so it cannot disturb training, and
 * forwards every callback to the listener it wraps.
 */
public final class EvaluationListener implements TrainingListener {

    public static final String HISTORY_FILE = "metrics-history.jsonl";

    private final TrainingListener next;
    private final Path runDir;
    private final int everyEpochs;
    private final ModelEvaluator evaluator;
    private final Settings settings;
    private final Consumer<String> log;
    private long totalSteps = Long.MAX_VALUE;
    private boolean due;

    /**
     * @param samples generated samples per evaluation
     * @param seed    latent seed, fixed so successive evaluations differ only by the generator
     * @param dataset dataset spec to compare with (null: the run's own)
     * @param ema     evaluate the EMA weights (the run must use them); null: what export ships by default, the
     *                EMA weights when the run keeps them, else G's last weights
     */
    public record Settings(int samples, long seed, String dataset, Boolean ema) {
    }

    public EvaluationListener(TrainingListener next, Path runDir, int everyEpochs, ModelEvaluator evaluator,
            Settings settings, Consumer<String> log) {
        if (everyEpochs < 1) {
            throw new IllegalArgumentException("--eval-every must be at least 1, got " + everyEpochs);
        }
        this.next = next;
        this.runDir = runDir;
        this.everyEpochs = everyEpochs;
        this.evaluator = evaluator;
        this.settings = settings;
        this.log = log;
    }

    @Override
    public void onStart(String runId, String device, long firstStep, long totalSteps) {
        this.totalSteps = totalSteps;
        // Loads (or trains, once) the classifier now: a bad dataset fails before hours of training.
        String dataset = settings.dataset() != null ? settings.dataset() : runDataset();
        if (!ModelEvaluator.CURVES.equals(dataset)) {
            evaluator.imageEvaluator(dataset);
        }
        next.onStart(runId, device, firstStep, totalSteps);
    }

    @Override
    public void onProgress(int epoch, long step, float lossD, float lossG, float dx, float dgz,
            double imagesPerSec) {
        next.onProgress(epoch, step, lossD, lossG, dx, dgz, imagesPerSec);
    }

    @Override
    public void onEpoch(int epoch, Path samples) {
        if (epoch % everyEpochs == 0) {
            due = true;
        }
        next.onEpoch(epoch, samples);
    }

    @Override
    public void onRealImageCategories(RealImageCategories.Row row) {
        next.onRealImageCategories(row);
    }

    @Override
    public void onCheckpoint(long step) {
        next.onCheckpoint(step);
        if (due || step >= totalSteps) {
            due = false;
            evaluate();
        }
    }

    @Override
    public boolean stopRequested() {
        return next.stopRequested();
    }

    private String runDataset() {
        try {
            return RunManifest.read(runDir).config().dataset();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Evaluates the run's latest checkpoint now and writes the files; returns what it wrote. */
    public EvaluationReport evaluate() {
        EvaluationReport report;
        boolean ema = settings.ema() != null ? settings.ema() : RunManifest.keptEma(runDir);
        try (EvaluatedModel model = EvaluatedModel.of(RunDirectory.loadGenerator(runDir, ema))) {
            report = evaluator.evaluate(model, settings.dataset(), settings.samples(), settings.seed());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot evaluate " + runDir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot release the evaluated generator: " + e.getMessage(), e);
        }
        try {
            report.write(runDir.resolve(EvaluationReport.FILE));
            String line = EvaluationSummary.historyLine(report);
            Files.writeString(runDir.resolve(HISTORY_FILE), line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics into " + runDir, e);
        }
        log.accept("evaluation at step " + report.subject().step() + (ema ? " (EMA generator)" : " (raw generator)")
                + ": " + EvaluationSummary.oneLine(report));
        return report;
    }
}
