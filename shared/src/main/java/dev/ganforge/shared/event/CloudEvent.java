package dev.ganforge.shared.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in structured JSON mode (the whole event is the Kafka record value,
 * content type {@code application/cloudevents+json}). Written with Jackson rather than the CloudEvents SDK's Kafka
 * binding ({@code io.cloudevents:cloudevents-kafka} with {@code cloudevents-json-jackson}): the SDK's
 * {@code CloudEvent} keeps {@code data} as bytes, so each side would serialise its record to bytes, hand them to the
 * SDK's serializer and parse them back, where here {@code data} stays a {@link JsonNode} both sides bind to their own
 * records in one step; the envelope itself is seven fields and the structured mode is one JSON object (the worker's
 * and the service's tests read them off a real broker). Worth revisiting if binary mode (attributes as Kafka
 * headers) is ever wanted: that is where the binding does real work.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        String time,
        String datacontenttype,
        JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/cloudevents+json";

    public static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** A new event with a random id and the current time. */
    public static CloudEvent of(String type, String source, String subject, Object data) {
        return new CloudEvent(SPEC_VERSION, UUID.randomUUID().toString(), source, type, subject,
                Instant.now().toString(), "application/json", JSON.valueToTree(data));
    }

    public CloudEvent withId(String newId) {
        return new CloudEvent(specversion, newId, source, type, subject, time, datacontenttype, data);
    }

    public <T> T dataAs(Class<T> type) {
        try {
            return JSON.treeToValue(data, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data is not a valid " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses and checks the envelope's required attributes.
     *
     * @throws IllegalArgumentException naming every problem found
     */
    public static CloudEvent parse(String json) {
        CloudEvent event;
        try {
            event = JSON.readValue(json, CloudEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON CloudEvent: " + e.getOriginalMessage(), e);
        }
        if (event == null) {
            throw new IllegalArgumentException("not a JSON CloudEvent: empty");
        }
        List<String> problems = new ArrayList<>();
        if (!SPEC_VERSION.equals(event.specversion())) {
            problems.add("specversion must be \"1.0\"");
        }
        if (event.id() == null || event.id().isBlank()) {
            problems.add("id is required");
        }
        if (event.source() == null || event.source().isBlank()) {
            problems.add("source is required");
        }
        if (event.type() == null || event.type().isBlank()) {
            problems.add("type is required");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return event;
    }
}
