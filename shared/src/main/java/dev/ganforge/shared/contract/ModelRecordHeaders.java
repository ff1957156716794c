package dev.ganforge.shared.contract;

/** Header names of a record on {@link Topics#MODELS}; values are UTF-8 strings. */
public final class ModelRecordHeaders {

    public static final String MODEL_NAME = "ganforge.model.name";
    /** Decimal, starts at 1, strictly increasing per model name. */
    public static final String MODEL_VERSION = "ganforge.model.version";
    /** Lower-case hex SHA-256 of the record value (the ONNX bytes). */
    public static final String SHA256 = "ganforge.model.sha256";
    /** Base64 Ed25519 signature over {@link dev.ganforge.shared.signing.SignedPayload}. */
    public static final String SIGNATURE = "ganforge.model.signature";
    /** Identifies which public key verifies the signature (first 16 hex chars of its SHA-256). */
    public static final String KEY_ID = "ganforge.model.key-id";
    /** {@link dev.ganforge.shared.model.ModelMetadata} as JSON. */
    public static final String METADATA = "ganforge.model.metadata";

    private ModelRecordHeaders() {
    }

    /** Record key on the compacted topic: one key per version so compaction never drops a version. */
    public static String recordKey(String modelName, long version) {
        return modelName + "@" + version;
    }
}
