package dev.ganforge.shared.contract;

import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.signing.ModelSigner;
import dev.ganforge.shared.signing.ModelVerifier;
import dev.ganforge.shared.signing.Sha256;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One model version as it travels on {@link Topics#MODELS}: the ONNX bytes as record value, everything else
 * as {@link ModelRecordHeaders}. Kept free of kafka-clients so the trainer (plain clients) and the service
 * (SmallRye) encode and decode with the same code.
 *
 * @param name         model name
 * @param version      version, 1 and up
 * @param sha256       lower-case hex SHA-256 of {@code bytes} as claimed by the publisher
 * @param signature    base64 Ed25519 signature over name, version, sha256 and {@code metadataJson}
 * @param keyId        id of the signing key ({@link dev.ganforge.shared.signing.Ed25519Keys#keyId})
 * @param metadataJson {@link ModelMetadata} JSON exactly as signed; kept as text because re-serialising
 *                     could change bytes and break the signature
 * @param bytes        the ONNX model
 */
public record ModelRecord(
        String name,
        long version,
        String sha256,
        String signature,
        String keyId,
        String metadataJson,
        byte[] bytes) {

    public ModelRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(metadataJson, "metadataJson");
        Objects.requireNonNull(bytes, "bytes");
    }

    /** Signs {@code onnx} as version {@code version} of {@code name}; the metadata's name is set to it. */
    public static ModelRecord sign(String name, long version, byte[] onnx, ModelMetadata metadata,
                                   ModelSigner signer) {
        String sha = Sha256.hex(onnx);
        String json = metadata.withName(name).toJson();
        return new ModelRecord(name, version, sha, signer.sign(name, version, sha, json), signer.keyId(), json,
                onnx);
    }

    /** Record key on the compacted topic: {@code name@version}. */
    public String key() {
        return ModelRecordHeaders.recordKey(name, version);
    }

    public ModelMetadata metadata() {
        return ModelMetadata.fromJson(metadataJson);
    }

    /** Header values as UTF-8 bytes, in a stable order. */
    public Map<String, byte[]> headers() {
        Map<String, byte[]> headers = HeaderFields.identity(name, version, sha256, signature, keyId);
        headers.put(ModelRecordHeaders.METADATA, HeaderFields.utf8(metadataJson));
        return headers;
    }

    /**
     * Decodes a record. Signature and key id may be absent (the verifier reports that); everything else is
     * required.
     *
     * @throws IllegalArgumentException naming every problem found
     */
    public static ModelRecord fromHeaders(Map<String, byte[]> headers, byte[] value) {
        HeaderFields fields = new HeaderFields(headers);
        String metadata = fields.text(ModelRecordHeaders.METADATA);
        if (metadata == null) {
            fields.problems.add("header " + ModelRecordHeaders.METADATA + " is missing");
        }
        if (value == null || value.length == 0) {
            fields.problems.add("record value (the ONNX model) is empty");
        }
        fields.requireNoProblems();
        return new ModelRecord(fields.name, fields.version, fields.sha256,
                fields.text(ModelRecordHeaders.SIGNATURE), fields.text(ModelRecordHeaders.KEY_ID), metadata, value);
    }

    /**
     * Empty when the bytes match the claimed digest and the signature is valid for a trusted key; otherwise
     * why not. Digest first: a signature over a digest the bytes do not have proves nothing.
     */
    public Optional<String> verify(ModelVerifier verifier) {
        String actual = Sha256.hex(bytes);
        if (!actual.equals(sha256)) {
            return Optional.of("sha256 mismatch: header says " + sha256 + ", bytes hash to " + actual);
        }
        return verifier.check(name, version, sha256, metadataJson, keyId, signature);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelRecord that
                && version == that.version
                && name.equals(that.name)
                && sha256.equals(that.sha256)
                && Objects.equals(signature, that.signature)
                && Objects.equals(keyId, that.keyId)
                && metadataJson.equals(that.metadataJson)
                && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version, sha256, signature, keyId, metadataJson) * 31 + Arrays.hashCode(bytes);
    }

    /** Without the bytes: models are megabytes and end up in logs. */
    @Override
    public String toString() {
        return "ModelRecord[" + key() + ", sha256=" + sha256 + ", keyId=" + keyId + ", " + bytes.length
                + " bytes]";
    }
}
