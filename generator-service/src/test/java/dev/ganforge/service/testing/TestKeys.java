package dev.ganforge.service.testing;

import dev.ganforge.shared.signing.Ed25519Keys;
import dev.ganforge.shared.signing.ModelSigner;
import dev.ganforge.shared.signing.ModelVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The test signing key pair, as PEM files (made with openssl) so the service under test and the test code agree
 * on it whichever class loader reads it.
 */
public final class TestKeys {

    private TestKeys() {
    }

    public static Path publicKeyFile() {
        return KafkaBrokerResource.resource("test-signing-key.pub.pem");
    }

    public static ModelSigner signer() {
        try {
            return new ModelSigner(Ed25519Keys.readPrivateKey(KafkaBrokerResource.resource("test-signing-key.pem")),
                    Ed25519Keys.readPublicKey(publicKeyFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A verifier trusting the test key only. */
    public static ModelVerifier verifier() {
        try {
            return new ModelVerifier(List.of(Ed25519Keys.readPublicKey(publicKeyFile())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
