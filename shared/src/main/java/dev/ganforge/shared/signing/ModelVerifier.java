package dev.ganforge.shared.signing;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies model signatures against a set of trusted public keys. Several keys are trusted at once so keys
 * can be rotated without a gap: add the new key, publish with it, then drop the old one.
 */
public final class ModelVerifier {

    private final Map<String, PublicKey> trusted = new LinkedHashMap<>();

    public ModelVerifier(Collection<PublicKey> trustedKeys) {
        trustedKeys.forEach(key -> trusted.put(Ed25519Keys.keyId(key), key));
    }

    /** Empty when the signature is valid; otherwise why it is not. */
    public Optional<String> check(String modelName, long version, String sha256Hex, String metadataJson,
                                  String keyId, String signatureBase64) {
        return check(SignedPayload.of(modelName, version, sha256Hex, metadataJson), keyId, signatureBase64);
    }

    /** As {@link #check}, for a removal of {@code modelName@version} ({@link SignedPayload#ofRemoval}). */
    public Optional<String> checkRemoval(String modelName, long version, String sha256Hex, String keyId,
                                         String signatureBase64) {
        return check(SignedPayload.ofRemoval(modelName, version, sha256Hex), keyId, signatureBase64);
    }

    /** As {@link #check}, for a control record ({@link SignedPayload#ofControl}). */
    public Optional<String> checkControl(String modelName, String valueJson, String keyId, String signatureBase64) {
        return check(SignedPayload.ofControl(modelName, valueJson), keyId, signatureBase64);
    }

    private Optional<String> check(byte[] payload, String keyId, String signatureBase64) {
        if (signatureBase64 == null || signatureBase64.isBlank()) {
            return Optional.of("record is unsigned");
        }
        PublicKey key = keyId == null ? null : trusted.get(keyId);
        if (key == null) {
            return Optional.of("signed by untrusted key " + keyId);
        }
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(payload);
            return signature.verify(Base64.getDecoder().decode(signatureBase64))
                    ? Optional.empty()
                    : Optional.of("signature does not match (key " + keyId + ")");
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.of("signature is malformed: " + e.getMessage());
        }
    }
}
