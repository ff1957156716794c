package dev.ganforge.service.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.service.testing.TestKeys;
import dev.ganforge.shared.signing.Ed25519Keys;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrustedKeysTest {

    @Test
    void inlineAndFileKeysAreBothTrusted() {
        String inline = Ed25519Keys.toPem(Ed25519Keys.generate().getPublic());
        assertEquals(2, TrustedKeys.from(trust(List.of(inline), List.of(TestKeys.publicKeyFile()))).size());
    }

    @Test
    void aBadEntryStopsStartupNamingIt() {
        IllegalStateException inline = assertThrows(IllegalStateException.class,
                () -> TrustedKeys.from(trust(List.of("not a pem"), List.of())));
        assertTrue(inline.getMessage().startsWith("ganforge.trust.public-keys[0]"), inline.getMessage());
        IllegalStateException file = assertThrows(IllegalStateException.class,
                () -> TrustedKeys.from(trust(List.of(), List.of(Path.of("/no/such/key.pem")))));
        assertTrue(file.getMessage().contains("/no/such/key.pem"), file.getMessage());
    }

    private static GeneratorConfig.Trust trust(List<String> inline, List<Path> files) {
        return new GeneratorConfig.Trust() {
            @Override
            public Optional<List<String>> publicKeys() {
                return Optional.of(inline);
            }

            @Override
            public Optional<List<Path>> publicKeyFiles() {
                return Optional.of(files);
            }
        };
    }
}
