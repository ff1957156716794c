package dev.ganforge.shared.signing;

import java.nio.charset.StandardCharsets;

/**
 * The exact bytes an Ed25519 model signature covers. Name, version and metadata are included, not just the
 * digest, so a signed model cannot be replayed under another name or version, nor with altered metadata.
 * Removals and control records sign under domains of their own, so no model signature can ever pass for either
 * (or back).
 */
public final class SignedPayload {

    private static final String DOMAIN = "ganforge-model-v1";
    private static final String REMOVAL_DOMAIN = "ganforge-model-removal-v1";
    private static final String CONTROL_DOMAIN = "ganforge-control-v1";

    private SignedPayload() {
    }

    public static byte[] of(String modelName, long version, String sha256Hex, String metadataJson) {
        return utf8(DOMAIN + "\n" + modelName + "\n" + version + "\n" + sha256Hex + "\n" + metadataJson);
    }

    /** What a removal of {@code modelName@version} signs; the digest binds it to the bytes it removes. */
    public static byte[] ofRemoval(String modelName, long version, String sha256Hex) {
        return utf8(REMOVAL_DOMAIN + "\n" + modelName + "\n" + version + "\n" + sha256Hex);
    }

    /** What a control record signs: its model name (the record key) and its exact JSON value. */
    public static byte[] ofControl(String modelName, String valueJson) {
        return utf8(CONTROL_DOMAIN + "\n" + modelName + "\n" + valueJson);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
