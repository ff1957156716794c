package dev.ganforge.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes a Kubernetes-derived JSON schema reject what the API server would reject or silently drop: an object
 * schema that lists its properties accepts no others (a misspelt {@code readinesProbe} must fail, not vanish),
 * unless it says {@code x-kubernetes-preserve-unknown-fields} (free-form maps such as a topic's config).
 * Also turns draft-3 style {@code "required": true} on a property into the parent's {@code required} list.
 */
final class StrictSchema {

    private static final Set<String> NAMED_SCHEMAS = Set.of("properties", "definitions", "patternProperties");
    private static final Set<String> DATA = Set.of("default", "enum", "const", "example", "examples");

    private StrictSchema() {
    }

    static void close(JsonNode schema) {
        if (schema.isArray()) {
            schema.forEach(StrictSchema::close);
            return;
        }
        if (!schema.isObject()) {
            return;
        }
        ObjectNode node = (ObjectNode) schema;
        JsonNode properties = node.get("properties");
        if (properties != null && properties.isObject()) {
            hoistRequired(node, (ObjectNode) properties);
            JsonNode additional = node.get("additionalProperties");
            boolean open = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            if (!open && (additional == null || (additional.isBoolean() && additional.booleanValue()))) {
                node.put("additionalProperties", false);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (NAMED_SCHEMAS.contains(field.getKey())) {
                // Keys here are property or definition names, not keywords: only the values are schemas.
                field.getValue().forEach(StrictSchema::close);
            } else if (!DATA.contains(field.getKey())) {
                close(field.getValue());
            }
        }
    }

    private static void hoistRequired(ObjectNode node, ObjectNode properties) {
        List<String> required = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            JsonNode flag = property.getValue().get("required");
            if (flag != null && flag.isBoolean()) {
                ((ObjectNode) property.getValue()).remove("required");
                if (flag.booleanValue()) {
                    required.add(property.getKey());
                }
            }
        }
        if (!required.isEmpty()) {
            ArrayNode list = node.has("required") && node.get("required").isArray()
                    ? (ArrayNode) node.get("required") : node.putArray("required");
            required.forEach(list::add);
        }
    }
}
