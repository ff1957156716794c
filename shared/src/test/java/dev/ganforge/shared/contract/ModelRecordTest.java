package dev.ganforge.shared.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.signing.Ed25519Keys;
import dev.ganforge.shared.signing.ModelSigner;
import dev.ganforge.shared.signing.ModelVerifier;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelRecordTest {

    private final KeyPair keys = Ed25519Keys.generate();
    private final ModelSigner signer = new ModelSigner(keys.getPrivate(), keys.getPublic());
    private final ModelVerifier verifier = new ModelVerifier(List.of(keys.getPublic()));
    private final ModelMetadata metadata = new ModelMetadata("whatever", "curves", 8, "normal", 0, List.of(),
            "curve", List.of(64), "curves", "f".repeat(64), "run-1", 100, "2026-01-01T00:00:00Z", "0.1.0",
            Map.of("coverage", 0.9));
    private final byte[] onnx = "not really onnx".getBytes(StandardCharsets.UTF_8);

    @Test
    void headersRoundTripAndVerify() {
        ModelRecord record = ModelRecord.sign("waves", 3, onnx, metadata, signer);

        ModelRecord decoded = ModelRecord.fromHeaders(record.headers(), onnx);

        assertEquals(record, decoded);
        assertEquals("waves@3", decoded.key());
        assertEquals("waves", decoded.metadata().name(), "metadata carries the published name");
        assertEquals(Optional.empty(), decoded.verify(verifier));
    }

    @Test
    void tamperedBytesOrVersionFailVerification() {
        ModelRecord record = ModelRecord.sign("waves", 3, onnx, metadata, signer);
        byte[] tampered = onnx.clone();
        tampered[0] ^= 1;
        assertTrue(ModelRecord.fromHeaders(record.headers(), tampered).verify(verifier).orElseThrow()
                .startsWith("sha256 mismatch"));

        Map<String, byte[]> replayed = new HashMap<>(record.headers());
        replayed.put(ModelRecordHeaders.MODEL_VERSION, "4".getBytes(StandardCharsets.UTF_8));
        assertTrue(ModelRecord.fromHeaders(replayed, onnx).verify(verifier).isPresent());
    }

    @Test
    void reportsEveryMissingPart() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ModelRecord.fromHeaders(Map.of(ModelRecordHeaders.MODEL_VERSION,
                        "x".getBytes(StandardCharsets.UTF_8)), new byte[0]));

        String message = error.getMessage();
        assertTrue(message.contains(ModelRecordHeaders.MODEL_NAME), message);
        assertTrue(message.contains("not a number"), message);
        assertTrue(message.contains(ModelRecordHeaders.SHA256), message);
        assertTrue(message.contains(ModelRecordHeaders.METADATA), message);
        assertTrue(message.contains("empty"), message);
    }
}
