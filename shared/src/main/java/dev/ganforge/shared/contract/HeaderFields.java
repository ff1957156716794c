package dev.ganforge.shared.contract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity headers every record on {@link Topics#MODELS} carries (name, version, digest), parsed once with
 * every problem collected, for both {@link ModelRecord} and {@link ModelRemoval}.
 */
final class HeaderFields {

    final Map<String, byte[]> headers;
    final List<String> problems = new ArrayList<>();
    final String name;
    final long version;
    final String sha256;

    HeaderFields(Map<String, byte[]> headers) {
        this.headers = headers;
        name = text(ModelRecordHeaders.MODEL_NAME);
        if (name == null || name.isBlank()) {
            problems.add("header " + ModelRecordHeaders.MODEL_NAME + " is missing");
        }
        version = parseVersion(text(ModelRecordHeaders.MODEL_VERSION));
        sha256 = text(ModelRecordHeaders.SHA256);
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            problems.add("header " + ModelRecordHeaders.SHA256 + " must be 64 lower-case hex characters");
        }
    }

    String text(String key) {
        byte[] value = headers.get(key);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException naming every problem, when there is any */
    void requireNoProblems() {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    private long parseVersion(String versionText) {
        if (versionText == null) {
            problems.add("header " + ModelRecordHeaders.MODEL_VERSION + " is missing");
            return 0;
        }
        try {
            long parsed = Long.parseLong(versionText.trim());
            if (parsed < 1) {
                problems.add("header " + ModelRecordHeaders.MODEL_VERSION + " must be at least 1");
            }
            return parsed;
        } catch (NumberFormatException e) {
            problems.add("header " + ModelRecordHeaders.MODEL_VERSION + " is not a number: '" + versionText + "'");
            return 0;
        }
    }

    /** The identity headers, plus signature and key id when present, in the order both records write them. */
    static Map<String, byte[]> identity(String name, long version, String sha256, String signature, String keyId) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(ModelRecordHeaders.MODEL_NAME, utf8(name));
        headers.put(ModelRecordHeaders.MODEL_VERSION, utf8(Long.toString(version)));
        headers.put(ModelRecordHeaders.SHA256, utf8(sha256));
        if (signature != null) {
            headers.put(ModelRecordHeaders.SIGNATURE, utf8(signature));
        }
        if (keyId != null) {
            headers.put(ModelRecordHeaders.KEY_ID, utf8(keyId));
        }
        return headers;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
