package dev.ganforge.shared.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ganforge.shared.signing.ModelSigner;
import dev.ganforge.shared.signing.ModelVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One routing decision on {@link Topics#CONTROL}: key the model name, value the JSON {@link Body} (model, routing,
 * when and by whom it was issued), headers the Ed25519 signature over exactly those value bytes
 * ({@link dev.ganforge.shared.signing.SignedPayload#ofControl}) and the signing key's id. Documented in
 * docs/contracts.md.
 *
 * @param valueJson the record value as signed; {@link #body()} parses it
 */
public record ControlRecord(String model, String valueJson, String signature, String keyId) {

    /** Header: base64 Ed25519 signature. */
    public static final String SIGNATURE = "ganforge.control.signature";
    /** Header: id of the signing key (as {@link ModelRecordHeaders#KEY_ID}). */
    public static final String KEY_ID = "ganforge.control.key-id";

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * What the value says.
     *
     * @param issuedAt when it was signed; a record issued before the routing a replica holds is a replay
     * @param issuer   who asked for it, for the log: {@code cli:<user>@<host>} or {@code service:<host>}
     */
    public record Body(String model, ModelRouting routing, Instant issuedAt, String issuer) {
    }

    public ControlRecord {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(valueJson, "valueJson");
    }

    /** Signs {@code routing} of {@code model}, issued now. */
    public static ControlRecord sign(String model, ModelRouting routing, String issuer, ModelSigner signer) {
        List<String> problems = routing.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        String value;
        try {
            value = JSON.writeValueAsString(new Body(model, routing, Instant.now(), issuer));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new ControlRecord(model, value, signer.signControl(model, value), signer.keyId());
    }

    /** The record key: the model name, so compaction keeps each model's last routing. */
    public String key() {
        return model;
    }

    public byte[] value() {
        return valueJson.getBytes(StandardCharsets.UTF_8);
    }

    public Map<String, byte[]> headers() {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(SIGNATURE, signature.getBytes(StandardCharsets.UTF_8));
        headers.put(KEY_ID, keyId.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /**
     * Decodes a record as read from the topic; signature and key id may be absent (the verifier reports that).
     *
     * @throws IllegalArgumentException naming every problem found
     */
    public static ControlRecord fromKafka(String key, byte[] value, Map<String, byte[]> headers) {
        List<String> problems = new ArrayList<>();
        if (key == null || key.isBlank()) {
            problems.add("no key (the model name)");
        }
        if (value == null) {
            problems.add("no value");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new ControlRecord(key, new String(value, StandardCharsets.UTF_8), text(headers, SIGNATURE),
                text(headers, KEY_ID));
    }

    /**
     * The value, checked: it names the record's model and a valid routing.
     *
     * @throws IllegalArgumentException naming every problem found
     */
    public Body body() {
        Body body;
        try {
            body = JSON.readValue(valueJson, Body.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value is not a control record: " + e.getOriginalMessage());
        }
        List<String> problems = new ArrayList<>();
        if (!model.equals(body.model())) {
            problems.add("value names model '" + body.model() + "' but the key is '" + model + "'");
        }
        if (body.routing() == null) {
            problems.add("no routing");
        } else {
            problems.addAll(body.routing().problems());
        }
        if (body.issuedAt() == null) {
            problems.add("no issuedAt");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return body;
    }

    /** Empty when the signature is valid for a trusted key; otherwise why not. */
    public Optional<String> verify(ModelVerifier verifier) {
        return verifier.checkControl(model, valueJson, keyId, signature);
    }

    private static String text(Map<String, byte[]> headers, String name) {
        byte[] value = headers.get(name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
