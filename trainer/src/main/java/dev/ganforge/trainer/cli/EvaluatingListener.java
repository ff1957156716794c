package dev.ganforge.trainer.cli;

import dev.ganforge.trainer.data.DatasetCatalog;
import dev.ganforge.trainer.evaluate.ClassifierStore;
import dev.ganforge.trainer.evaluate.EvaluationListener;
import dev.ganforge.trainer.evaluate.ModelEvaluator;
import dev.ganforge.trainer.train.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * {@code ganforge train --eval-every K}: the training listener, wrapped in an {@link EvaluationListener} when
 * K &gt; 0, owning the evaluator (and its loaded classifier) for the duration of the run. It scores the
 * generator {@code export} would ship (the EMA weights when the run keeps them), so the figures it prints are
 * the published model's.
 */
record EvaluatingListener(TrainingListener listener, ModelEvaluator evaluator) implements AutoCloseable {

    static EvaluatingListener wrap(TrainingListener progress, Path runDir, int everyEpochs, PrintWriter out) {
        if (everyEpochs < 0) {
            throw new IllegalArgumentException("--eval-every must not be negative, got " + everyEpochs);
        }
        if (everyEpochs == 0) {
            return new EvaluatingListener(progress, null);
        }
        Path home = GanforgeHome.resolve().dir();
        Consumer<String> log = line -> {
            out.println();
            out.println(line);
            out.flush();
        };
        ModelEvaluator evaluator = new ModelEvaluator(new DatasetCatalog(home),
                ClassifierStore.withDefaultBudget(home, log));
        EvaluationListener listener = new EvaluationListener(progress, runDir, everyEpochs, evaluator,
                new EvaluationListener.Settings(ModelEvaluator.DEFAULT_SAMPLES, ModelEvaluator.DEFAULT_SEED, null,
                        null), log);
        return new EvaluatingListener(listener, evaluator);
    }

    @Override
    public void close() {
        if (evaluator != null) {
            evaluator.close();
        }
    }
}
