package dev.ganforge.shared.contract;

import dev.ganforge.shared.signing.ModelSigner;
import dev.ganforge.shared.signing.ModelVerifier;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The removal of one model version from {@link Topics#MODELS}: a tombstone (null value) under the version's key
 * {@code name@version}, so that compaction drops the version's bytes from the log and every later replay is
 * shorter. It carries the same identity headers as the version, including the SHA-256 of the bytes it removes,
 * and an Ed25519 signature over those ({@link dev.ganforge.shared.signing.SignedPayload#ofRemoval}): running
 * services drop a version only on a removal signed by a key they trust.
 *
 * @param sha256 lower-case hex SHA-256 of the removed version's bytes
 */
public record ModelRemoval(String name, long version, String sha256, String signature, String keyId) {

    public ModelRemoval {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** Signs the removal of {@code name@version}, whose bytes hash to {@code sha256}. */
    public static ModelRemoval sign(String name, long version, String sha256, ModelSigner signer) {
        return new ModelRemoval(name, version, sha256, signer.signRemoval(name, version, sha256), signer.keyId());
    }

    /** The key of the version it removes. */
    public String key() {
        return ModelRecordHeaders.recordKey(name, version);
    }

    /** Header values as UTF-8 bytes, in a stable order. */
    public Map<String, byte[]> headers() {
        return HeaderFields.identity(name, version, sha256, signature, keyId);
    }

    /**
     * Decodes the headers of a tombstone. Signature and key id may be absent (the verifier reports that).
     *
     * @throws IllegalArgumentException naming every problem found
     */
    public static ModelRemoval fromHeaders(Map<String, byte[]> headers) {
        HeaderFields fields = new HeaderFields(headers);
        fields.requireNoProblems();
        return new ModelRemoval(fields.name, fields.version, fields.sha256,
                fields.text(ModelRecordHeaders.SIGNATURE), fields.text(ModelRecordHeaders.KEY_ID));
    }

    /** Empty when the signature is valid for a trusted key; otherwise why not. */
    public Optional<String> verify(ModelVerifier verifier) {
        return verifier.checkRemoval(name, version, sha256, keyId, signature);
    }
}
