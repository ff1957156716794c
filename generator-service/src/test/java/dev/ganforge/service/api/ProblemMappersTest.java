package dev.ganforge.service.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ganforge.service.inference.NotReadyException;
import dev.ganforge.service.inference.TooManyRequestsException;
import dev.ganforge.service.model.ModelUnavailableException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/** Retry-After on the answers that mean "try again later"; the HTTP tests cover the rest end to end. */
class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void tooManyRequestsIs429WithRetryAfter() {
        Response response = mappers.busy(new TooManyRequestsException("busy"), null);
        assertEquals(429, response.getStatus());
        assertEquals(ProblemMappers.RETRY_AFTER_BUSY, response.getHeaderString("Retry-After"));
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        assertEquals(429, ((Problem) response.getEntity()).status());
    }

    @Test
    void noModelIs503WithRetryAfter() {
        Response response = mappers.unavailable(new ModelUnavailableException("none yet"), null);
        assertEquals(503, response.getStatus());
        assertEquals(ProblemMappers.RETRY_AFTER_UNAVAILABLE, response.getHeaderString("Retry-After"));
    }

    @Test
    void aReplicaStillReplayingIs503NotReadyWithRetryAfter() {
        Response response = mappers.notReady(new NotReadyException("still replaying"), null);
        assertEquals(503, response.getStatus());
        assertEquals(ProblemMappers.RETRY_AFTER_NOT_READY, response.getHeaderString("Retry-After"));
        Problem problem = (Problem) response.getEntity();
        assertEquals("still replaying", problem.detail());
        assertEquals(Problem.type("not-ready"), problem.type());
    }
}
