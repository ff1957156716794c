package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.event.RetrainRequest;
import java.nio.file.Path;
import java.util.List;

/**
 * Trains and exports what a retrain request asks for. The worker owns Kafka, ordering and bookkeeping; a job
 * only turns a request into a generator, so the worker can be tested with a quick job and run with the real
 * one.
 */
@FunctionalInterface
public interface RetrainJob {

    /**
     * @param runDir   the request's own directory; it survives worker restarts, so a job that finds
     *                 checkpoints there continues from them instead of starting over
     * @param progress where to report progress (the worker throttles it)
     * @throws InterruptedException when the worker is stopping; the request is then run again on restart
     */
    TrainedModel run(RetrainRequest request, Path runDir, ProgressSink progress) throws Exception;

    /**
     * Why this job cannot run {@code request} at all (a hyperparameter it does not know or cannot parse): the worker
     * then rejects the request with these reasons instead of failing it halfway. Empty when it can be tried.
     */
    default List<String> problems(RetrainRequest request) {
        return List.of();
    }
}
