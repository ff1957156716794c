package dev.ganforge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code service} must keep in step with generator-service's SessionOptionsFactory defaults. */
class SessionOptionsChoiceTest {

    private static final String INTRA = "session.intra_op.allow_spinning";
    private static final String INTER = "session.inter_op.allow_spinning";

    @Test
    void serviceTurnsSpinningOffByDefaultAsTheServiceDoes() throws OrtException {
        try (OrtSession.SessionOptions options = SessionOptionsChoice.SERVICE.create(0, 0)) {
            assertEquals(Map.of(INTRA, "0", INTER, "0"), options.getConfigEntries());
        }
    }

    @Test
    void serviceSpinningCanBeTurnedBackOn() throws OrtException {
        try (OrtSession.SessionOptions options = SessionOptionsChoice.parse("service").create(1, 1, "1")) {
            assertEquals(Map.of(INTRA, "1", INTER, "1"), options.getConfigEntries());
        }
    }

    @Test
    void ortDefaultSetsNothing() throws OrtException {
        try (OrtSession.SessionOptions options = SessionOptionsChoice.parse("ort-default").create(0, 0, "0")) {
            assertTrue(options.getConfigEntries().isEmpty(), options.getConfigEntries().toString());
        }
    }

    @Test
    void rejectsSpinningOtherThanZeroOrOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SessionOptionsChoice.SERVICE.create(0, 0, "yes"));
        assertEquals("intraOpSpinning must be 0 or 1, is 'yes'", e.getMessage());
    }
}
