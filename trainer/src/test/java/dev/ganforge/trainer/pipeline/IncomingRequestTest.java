package dev.ganforge.trainer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.shared.event.RetrainRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncomingRequestTest {

    private static IncomingRequest parse(String json) {
        return IncomingRequest.parse(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void validRequestKeepsItsIdAndData() {
        RetrainRequest request = new RetrainRequest("m", "curves", "curves", null, 10L, 1L, Map.of("lr-g", "0.001"));
        IncomingRequest incoming = parse(request.toEvent("urn:test").withId("abc").toJson());

        assertTrue(incoming.valid(), incoming.problems().toString());
        assertEquals("abc", incoming.id());
        assertEquals(request, incoming.request());
    }

    @Test
    void envelopeProblemsAreAllListed() {
        IncomingRequest incoming = parse("{\"specversion\":\"0.3\",\"data\":{}}");

        assertNull(incoming.id());
        assertEquals(List.of("specversion must be \"1.0\"", "id is required", "source is required",
                "type is required"), incoming.problems());
    }

    @Test
    void emptyRecordAndMissingDataAreRejected() {
        assertEquals(List.of("record value is empty"), parse(null).problems());
        IncomingRequest noData = parse("{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"s\","
                + "\"type\":\"ganforge.retrain.requested\"}");
        assertEquals(List.of("data is required"), noData.problems());
        assertEquals("x", noData.id(), "a readable id is kept so the rejection can name it");
    }

    @Test
    void idsThatCannotBeStoredAreNotTrusted() {
        IncomingRequest incoming = parse("{\"specversion\":\"1.0\",\"id\":\"a\\nb\",\"source\":\"s\","
                + "\"type\":\"ganforge.retrain.requested\",\"data\":{\"model\":\"m\",\"architecture\":\"curves\","
                + "\"dataset\":\"curves\",\"steps\":5,\"seed\":1}}");

        assertNull(incoming.id());
        assertEquals(List.of("id must be at most 200 characters without control characters"), incoming.problems());
    }
}
