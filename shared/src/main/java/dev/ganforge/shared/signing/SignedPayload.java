package dev.ganforge.shared.signing;

import java.nio.charset.StandardCharsets;

/**
 * The exact bytes an Ed25519 model signature covers. Name, version and metadata are included, not just the
 * digest, so a signed model cannot be replayed under another name or version, nor with altered metadata.
 */
public final class SignedPayload {

    private static final String DOMAIN = "ganforge-model-v1";

    private SignedPayload() {
    }

    public static byte[] of(String modelName, long version, String sha256Hex, String metadataJson) {
        String text = DOMAIN + "\n" + modelName + "\n" + version + "\n" + sha256Hex + "\n" + metadataJson;
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
