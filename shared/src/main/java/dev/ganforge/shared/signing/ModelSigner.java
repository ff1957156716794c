package dev.ganforge.shared.signing;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/** Signs model records with an Ed25519 private key. */
public final class ModelSigner {

    private final PrivateKey privateKey;
    private final String keyId;

    public ModelSigner(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.keyId = Ed25519Keys.keyId(publicKey);
    }

    public String keyId() {
        return keyId;
    }

    /** Base64 signature over {@link SignedPayload#of}. */
    public String sign(String modelName, long version, String sha256Hex, String metadataJson) {
        return sign(SignedPayload.of(modelName, version, sha256Hex, metadataJson));
    }

    /** Base64 signature over {@link SignedPayload#ofRemoval}. */
    public String signRemoval(String modelName, long version, String sha256Hex) {
        return sign(SignedPayload.ofRemoval(modelName, version, sha256Hex));
    }

    /** Base64 signature over {@link SignedPayload#ofControl}. */
    public String signControl(String modelName, String valueJson) {
        return sign(SignedPayload.ofControl(modelName, valueJson));
    }

    private String sign(byte[] payload) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(payload);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }
}
