package dev.ganforge.service.config;

import dev.ganforge.shared.signing.Ed25519Keys;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/** The public keys a model signature may verify against, from inline PEM and PEM files in the config. */
public final class TrustedKeys {

    private TrustedKeys() {
    }

    /** @throws IllegalStateException naming the offending entry, so a bad config stops startup readably */
    public static List<PublicKey> from(GeneratorConfig.Trust trust) {
        List<PublicKey> keys = new ArrayList<>();
        List<String> inline = trust.publicKeys().orElse(List.of());
        for (int i = 0; i < inline.size(); i++) {
            try {
                keys.add(Ed25519Keys.publicKeyFromPem(inline.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("ganforge.trust.public-keys[" + i + "]: " + e.getMessage(), e);
            }
        }
        for (Path file : trust.publicKeyFiles().orElse(List.of())) {
            try {
                keys.add(Ed25519Keys.readPublicKey(file));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalStateException("ganforge.trust.public-key-files: " + file + ": " + e.getMessage(), e);
            }
        }
        return keys;
    }
}
