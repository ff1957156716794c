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

class ModelRemovalTest {

    private static final String SHA = "ab".repeat(32);

    private final KeyPair keys = Ed25519Keys.generate();
    private final ModelSigner signer = new ModelSigner(keys.getPrivate(), keys.getPublic());
    private final ModelVerifier verifier = new ModelVerifier(List.of(keys.getPublic()));

    @Test
    void headersRoundTripAndVerifyUnderTheVersionsKey() {
        ModelRemoval removal = ModelRemoval.sign("waves", 3, SHA, signer);

        ModelRemoval decoded = ModelRemoval.fromHeaders(removal.headers());

        assertEquals(removal, decoded);
        assertEquals("waves@3", decoded.key());
        assertEquals(Optional.empty(), decoded.verify(verifier));
    }

    @Test
    void anotherVersionDigestOrKeyDoesNotVerify() {
        Map<String, byte[]> headers = ModelRemoval.sign("waves", 3, SHA, signer).headers();

        Map<String, byte[]> otherVersion = new HashMap<>(headers);
        otherVersion.put(ModelRecordHeaders.MODEL_VERSION, utf8("4"));
        assertTrue(ModelRemoval.fromHeaders(otherVersion).verify(verifier).orElseThrow().startsWith("signature does not"));

        Map<String, byte[]> otherBytes = new HashMap<>(headers);
        otherBytes.put(ModelRecordHeaders.SHA256, utf8("cd".repeat(32)));
        assertTrue(ModelRemoval.fromHeaders(otherBytes).verify(verifier).isPresent());

        KeyPair stranger = Ed25519Keys.generate();
        ModelRemoval foreign = ModelRemoval.sign("waves", 3, SHA, new ModelSigner(stranger.getPrivate(),
                stranger.getPublic()));
        assertTrue(foreign.verify(verifier).orElseThrow().startsWith("signed by untrusted key"));

        Map<String, byte[]> unsigned = new HashMap<>(headers);
        unsigned.remove(ModelRecordHeaders.SIGNATURE);
        assertEquals(Optional.of("record is unsigned"), ModelRemoval.fromHeaders(unsigned).verify(verifier));
    }

    @Test
    void aModelSignatureIsNoRemovalSignatureNorTheOtherWayRound() {
        ModelMetadata metadata = new ModelMetadata("waves", "curves", 8, "normal", 0, List.of(), "curve", List.of(15),
                "curves", "f".repeat(64), "run-1", 1, "2026-01-01T00:00:00Z", "0.1.0", Map.of());
        ModelRecord model = ModelRecord.sign("waves", 3, utf8("onnx"), metadata, signer);
        ModelRemoval borrowed = new ModelRemoval("waves", 3, model.sha256(), model.signature(), model.keyId());
        assertTrue(borrowed.verify(verifier).isPresent(), "a publisher's model signature must not remove it");

        ModelRemoval removal = ModelRemoval.sign("waves", 3, model.sha256(), signer);
        assertTrue(verifier.check("waves", 3, model.sha256(), model.metadataJson(), removal.keyId(),
                removal.signature()).isPresent());
    }

    @Test
    void reportsEveryMissingIdentityHeader() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ModelRemoval.fromHeaders(Map.of(ModelRecordHeaders.MODEL_VERSION, utf8("0"))));

        assertTrue(error.getMessage().contains(ModelRecordHeaders.MODEL_NAME), error.getMessage());
        assertTrue(error.getMessage().contains("at least 1"), error.getMessage());
        assertTrue(error.getMessage().contains(ModelRecordHeaders.SHA256), error.getMessage());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
