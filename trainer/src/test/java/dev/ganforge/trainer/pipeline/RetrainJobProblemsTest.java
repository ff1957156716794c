package dev.ganforge.trainer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ganforge.shared.event.RetrainRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the worker rejects before training: hyperparameters the trainer reads as `ganforge train` reads them. */
class RetrainJobProblemsTest {

    private final DjlRetrainJob job = new DjlRetrainJob(null, null, null);

    @Test
    void aHyperparameterTheTrainerCannotReadIsAProblemInTheWordsOfTheCommandLine() {
        assertEquals(List.of("Invalid value for option '--lr-g': 'fast' is not a float"),
                job.problems(request(Map.of("lr-g", "fast"))));
        assertEquals(1, job.problems(request(Map.of("colour", "red"))).size());
        assertEquals(List.of(), job.problems(request(Map.of("lr-g", "0.0002", "batch-size", "32"))));
    }

    @Test
    void aRequestWithProblemsIsRejectedWithThem() {
        RetrainRequest bad = request(Map.of("label-flip", "0.7"));
        IncomingRequest incoming = IncomingRequest.parse(bad.toEvent("urn:test").toJson()
                .getBytes(StandardCharsets.UTF_8)).checkedBy(job::problems);
        assertEquals(List.of("label-flip must be in [0, 0.5)"), incoming.problems());
        assertEquals(null, incoming.request());
    }

    private static RetrainRequest request(Map<String, String> hyperparameters) {
        return new RetrainRequest("typo-curves", "curves", "curves", null, 20L, 1L, hyperparameters);
    }
}
