package dev.ganforge.service.api;

import dev.ganforge.service.config.GeneratorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** The configured operator bearer tokens ({@code ganforge.auth.operator-tokens}). */
@ApplicationScoped
public class OperatorTokens {

    private final List<byte[]> tokens;

    public OperatorTokens(GeneratorConfig config) {
        this.tokens = config.auth().operatorTokens().orElse(List.of()).stream()
                .filter(token -> !token.isBlank())
                .map(token -> token.trim().getBytes(StandardCharsets.UTF_8))
                .toList();
    }

    public boolean accepts(String presented) {
        byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
        // Constant-time comparison: response timing must not reveal how much of a token matched.
        boolean known = false;
        for (byte[] token : tokens) {
            known |= MessageDigest.isEqual(token, bytes);
        }
        return known;
    }
}
