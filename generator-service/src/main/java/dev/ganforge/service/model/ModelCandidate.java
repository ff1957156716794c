package dev.ganforge.service.model;

/**
 * A model record as it arrived, before any check: header values are raw strings (any may be missing or
 * malformed) so that {@link RecordVerifier} can name exactly what is wrong.
 *
 * @param key          record key, expected {@code name@version}
 * @param name         {@code ganforge.model.name} header
 * @param version      {@code ganforge.model.version} header
 * @param sha256       {@code ganforge.model.sha256} header
 * @param signature    {@code ganforge.model.signature} header
 * @param keyId        {@code ganforge.model.key-id} header
 * @param metadataJson {@code ganforge.model.metadata} header
 * @param onnx         record value
 */
public record ModelCandidate(
        String key,
        String name,
        String version,
        String sha256,
        String signature,
        String keyId,
        String metadataJson,
        byte[] onnx) {
}
