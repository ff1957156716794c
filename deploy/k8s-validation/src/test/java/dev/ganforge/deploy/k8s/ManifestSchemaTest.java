package dev.ganforge.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every rendered object matches the schema of its kind; and the schemas do catch mistakes. */
class ManifestSchemaTest {

    private static final List<String> OVERLAYS = RenderedOverlay.NAMES;

    private final SchemaCatalog catalog = SchemaCatalog.load();

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyRenderedObjectIsValidForItsKind(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        List<String> problems = new ArrayList<>();
        for (JsonNode object : rendered.objects()) {
            String id = object.path("kind").asText() + " " + object.at("/metadata/name").asText();
            catalog.problems(object).forEach(p -> problems.add(id + ": " + p));
        }
        assertEquals(List.of(), problems, overlay + " renders invalid objects");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void rendersTheKindsTheDeploymentConsistsOf(String overlay) {
        Set<String> kinds = RenderedOverlay.of(overlay).objects().stream()
                .map(o -> o.path("kind").asText()).collect(Collectors.toSet());
        assertTrue(kinds.containsAll(Set.of("Namespace", "Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser",
                "Deployment", "Service", "ServiceAccount", "PodDisruptionBudget", "PersistentVolumeClaim")), kinds::toString);
        RenderedOverlay.of(overlay).objects().forEach(o ->
                assertTrue(catalog.knows(o), () -> "no schema for " + o.path("apiVersion") + " " + o.path("kind")));
    }

    @Test
    void aMisspeltCoreFieldIsRejected() {
        assertRejected("Deployment", "generator-service", d -> {
            ObjectNode container = (ObjectNode) d.at("/spec/template/spec/containers/0");
            container.set("readinesProbe", container.remove("readinessProbe"));
        }, "readinesProbe");
    }

    @Test
    void aWronglyTypedCoreFieldIsRejected() {
        assertRejected("Deployment", "trainer", d -> ((ObjectNode) d.get("spec")).put("replicas", "one"), "replicas");
    }

    @Test
    void aMisspeltStrimziFieldIsRejected() {
        assertRejected("KafkaTopic", "ganforge-models", t -> {
            ObjectNode spec = (ObjectNode) t.get("spec");
            spec.set("partitons", spec.remove("partitions"));
        }, "partitons");
    }

    @Test
    void anUnknownAclOperationIsRejected() {
        assertRejected("KafkaUser", "ganforge-generator-service",
                u -> ((ArrayNode) u.at("/spec/authorization/acls/0/operations")).add("Destroy"), "operations[2]");
    }

    @Test
    void anUnknownListenerTypeIsRejected() {
        assertRejected("Kafka", "ganforge-kafka",
                k -> ((ObjectNode) k.at("/spec/kafka/listeners/0")).put("type", "carrier-pigeon"), "type");
    }

    private void assertRejected(String kind, String name, Consumer<JsonNode> breakIt, String mentioned) {
        JsonNode broken = RenderedOverlay.of("dev").one(kind, name).deepCopy();
        breakIt.accept(broken);
        List<String> problems = catalog.problems(broken);
        assertFalse(problems.isEmpty(), kind + " with a mistake passed validation");
        assertTrue(problems.stream().anyMatch(p -> p.contains(mentioned)),
                () -> "expected a problem naming " + mentioned + ", got " + problems);
    }
}
