package dev.ganforge.trainer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ganforge.shared.signing.Ed25519Keys;
import dev.ganforge.shared.signing.ModelSigner;
import dev.ganforge.shared.signing.ModelVerifier;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyFilesTest {

    @TempDir
    Path dir;

    @Test
    void signerFromTheKeyFileSignsForTheGeneratedPublicKey() throws Exception {
        KeyPair pair = SigningKeyFiles.generate(dir);

        ModelSigner signer = SigningKeyFiles.signer(dir.resolve(SigningKeyFiles.PRIVATE_FILE));
        String signature = signer.sign("m", 1, "a".repeat(64), "{}");

        assertEquals(Ed25519Keys.keyId(pair.getPublic()), signer.keyId());
        assertEquals(Ed25519Keys.readPublicKey(dir.resolve(SigningKeyFiles.PUBLIC_FILE)), pair.getPublic());
        assertEquals(Optional.empty(), new ModelVerifier(List.of(pair.getPublic()))
                .check("m", 1, "a".repeat(64), "{}", signer.keyId(), signature));
    }

    @Test
    void neverOverwritesAKey() throws Exception {
        SigningKeyFiles.generate(dir);
        assertThrows(FileAlreadyExistsException.class, () -> SigningKeyFiles.generate(dir));
    }

    @Test
    void missingKeyFileIsAReadableError() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> SigningKeyFiles.signer(dir.resolve("nope.key")));
        assertEquals("signing key " + dir.resolve("nope.key") + " is not readable", error.getMessage());
    }
}
