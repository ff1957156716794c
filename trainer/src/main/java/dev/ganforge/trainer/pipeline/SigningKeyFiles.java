package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.signing.Ed25519Keys;
import dev.ganforge.shared.signing.ModelSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;

/**
 * The signing key on disk ({@code ganforge-signing.key}, PKCS#8 PEM, mode 0600, and {@code .pub} beside it) or
 * in the environment ({@value #ENV}, PEM text, for containers and CI secrets).
 */
public final class SigningKeyFiles {

    public static final String ENV = "GANFORGE_SIGNING_KEY";
    public static final String PRIVATE_FILE = "ganforge-signing.key";
    public static final String PUBLIC_FILE = "ganforge-signing.pub";

    private SigningKeyFiles() {
    }

    /** Writes a new key pair into {@code dir}; refuses to overwrite an existing key. */
    public static KeyPair generate(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path privateFile = dir.resolve(PRIVATE_FILE);
        Path publicFile = dir.resolve(PUBLIC_FILE);
        if (Files.exists(privateFile) || Files.exists(publicFile)) {
            throw new FileAlreadyExistsException(privateFile.toString(), null,
                    "a signing key already exists; move it away first");
        }
        KeyPair pair = Ed25519Keys.generate();
        // Created 0600 before any byte is written, so the secret is never readable by others.
        Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(privateFile, Ed25519Keys.toPem(pair.getPrivate()), StandardCharsets.US_ASCII);
        Files.writeString(publicFile, Ed25519Keys.toPem(pair.getPublic()), StandardCharsets.US_ASCII);
        return pair;
    }

    /** The signer from {@code keyFile} when given, else from {@value #ENV}. */
    public static ModelSigner signer(Path keyFile) throws IOException {
        String pem;
        if (keyFile != null) {
            if (!Files.isReadable(keyFile)) {
                throw new IllegalArgumentException("signing key " + keyFile + " is not readable");
            }
            pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        } else {
            pem = System.getenv(ENV);
            if (pem == null || pem.isBlank()) {
                throw new IllegalArgumentException("no signing key: pass --key FILE or set " + ENV
                        + " (create one with 'ganforge keys generate --out DIR')");
            }
        }
        PrivateKey privateKey = Ed25519Keys.privateKeyFromPem(pem);
        return new ModelSigner(privateKey, publicKeyOf(privateKey));
    }

    /**
     * Derives the public key. The JDK has no direct call for it, but an Ed25519 key pair is a pure function of
     * the 32-byte seed the generator draws, so generating with a "random" source that yields the seed gives
     * the matching public key. Keeps one secret to manage instead of two files that must stay paired.
     */
    static PublicKey publicKeyOf(PrivateKey privateKey) {
        byte[] seed = ((EdECPrivateKey) privateKey).getBytes()
                .orElseThrow(() -> new IllegalArgumentException("the private key does not expose its seed"));
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
            return generator.generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK lacks Ed25519", e);
        }
    }

    private static final class SeedRandom extends SecureRandom {

        private final byte[] seed;

        SeedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
