package dev.ganforge.trainer.pipeline;

import ai.djl.pytorch.jni.JniUtils;
import dev.ganforge.shared.event.RetrainRequest;
import dev.ganforge.trainer.engine.ConvolutionCheck;
import dev.ganforge.trainer.evaluate.EvaluatedModel;
import dev.ganforge.trainer.evaluate.EvaluationReport;
import dev.ganforge.trainer.evaluate.ModelEvaluator;
import dev.ganforge.trainer.export.ExportResult;
import dev.ganforge.trainer.export.OnnxExporter;
import dev.ganforge.trainer.train.GanTrainer;
import dev.ganforge.trainer.train.RunManifest;
import dev.ganforge.trainer.train.TrainConfig;
import dev.ganforge.trainer.train.TrainingListener;
import dev.ganforge.trainer.train.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real job: trains with {@link GanTrainer} in the request's run dir (resuming when an earlier attempt
 * left a run there), evaluates the result when given an evaluator (its headline metrics then travel in the
 * model metadata, where the quality gate reads them) and exports the generator with {@link OnnxExporter}.
 */
public final class DjlRetrainJob implements RetrainJob {

    private final GanTrainer trainer;
    private final ModelEvaluator evaluator;
    private final OnnxExporter exporter;

    /** @param evaluator null to publish without metrics (then the quality gate has nothing to compare) */
    public DjlRetrainJob(GanTrainer trainer, ModelEvaluator evaluator, OnnxExporter exporter) {
        this.trainer = trainer;
        this.evaluator = evaluator;
        this.exporter = exporter;
    }

    @Override
    public TrainedModel run(RetrainRequest request, Path runDir, ProgressSink progress) throws Exception {
        // PyTorch's grad mode is per thread and DJL switches it off only on the thread that loaded the engine.
        // Each worker runs jobs on its own thread, where grad mode would be on and the trainer's in-place
        // parameter updates fail ("a leaf Variable that requires grad is being used in an in-place operation").
        ConvolutionCheck.ensureCorrect(); // loads the native library JniUtils calls into
        JniUtils.setGradMode(false);
        Map<String, String> options = options(request);
        TrainConfig config = TrainConfig.fromOptions(options);
        TrainingListener listener = new ProgressForwarder(progress);
        TrainingRun run = Files.exists(runDir.resolve(RunManifest.FILE))
                ? trainer.resume(runDir, options, listener)
                : trainer.train(config, runDir, listener);
        if (run.interrupted()) {
            throw new InterruptedException("training of " + request.model() + " stopped at step " + run.step());
        }
        if (evaluator != null) {
            // Written where the exporter looks for metrics (EvaluationReport.FILE == OnnxExporter.METRICS_FILE).
            try (EvaluatedModel evaluated = EvaluatedModel.open(runDir, config.ema() > 0)) {
                evaluator.evaluate(evaluated, request.dataset(), ModelEvaluator.DEFAULT_SAMPLES,
                        ModelEvaluator.DEFAULT_SEED).write(runDir.resolve(EvaluationReport.FILE));
            }
        }
        ExportResult exported = exporter.export(runDir, config.ema() > 0, request.model());
        return new TrainedModel(exported.onnx(), exported.metadata());
    }

    /** The request's training options as {@code ganforge train} would read them, worded as it words them. */
    @Override
    public List<String> problems(RetrainRequest request) {
        try {
            TrainConfig.fromOptions(options(request));
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
    }

    /**
     * Training options: the request's hyperparameters, then its own fields on top (they are what the request
     * is about and must not be overridden by a hyperparameter of the same name).
     */
    static Map<String, String> options(RetrainRequest request) {
        Map<String, String> options = new LinkedHashMap<>(request.hyperparameters());
        options.put("arch", request.architecture());
        options.put("dataset", request.dataset());
        options.put("seed", String.valueOf(request.seed()));
        if (request.epochs() != null) {
            options.put("epochs", String.valueOf(request.epochs()));
            options.put("steps", "0"); // steps > 0 would win over epochs
        } else {
            options.put("steps", String.valueOf(request.steps()));
        }
        return options;
    }

    /** Trainer callbacks to worker progress; an interrupted worker thread asks the trainer to stop. */
    private static final class ProgressForwarder implements TrainingListener {

        private final ProgressSink progress;
        private long totalSteps;

        ProgressForwarder(ProgressSink progress) {
            this.progress = progress;
        }

        @Override
        public void onStart(String runId, String device, long firstStep, long totalSteps) {
            this.totalSteps = totalSteps;
        }

        @Override
        public void onProgress(int epoch, long step, float lossD, float lossG, float dx, float dgz,
                               double imagesPerSec) {
            Map<String, Double> losses = new LinkedHashMap<>();
            losses.put("d", (double) lossD);
            if (!Float.isNaN(lossG)) {
                losses.put("g", (double) lossG);
            }
            progress.report(epoch, step, totalSteps, losses, imagesPerSec);
        }

        @Override
        public boolean stopRequested() {
            return Thread.currentThread().isInterrupted();
        }
    }
}
