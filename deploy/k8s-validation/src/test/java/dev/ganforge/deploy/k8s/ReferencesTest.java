package dev.ganforge.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * What the manifests refer to exists once they are applied: a secret is either written by Strimzi for an object
 * in the overlay, or one that docs/deploy.md tells the operator to create; service accounts and claims are
 * rendered; everything lands in the overlay's namespace.
 */
class ReferencesTest {

    private static final List<String> OVERLAYS = RenderedOverlay.NAMES;
    /** Secrets a person creates (never committed): the signing keys, the replicas' control key, the API tokens. */
    private static final Set<String> OPERATOR_SECRETS = Set.of("ganforge-signing-public", "ganforge-signing-private",
            "ganforge-control-private", "ganforge-api-token");

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everySecretIsWrittenByStrimziOrCreatedAsDocumented(String overlay) throws IOException {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        Set<String> strimzi = new TreeSet<>();
        rendered.all("KafkaUser").forEach(u -> strimzi.add(u.at("/metadata/name").asText()));
        rendered.all("Kafka").forEach(k -> strimzi.add(k.at("/metadata/name").asText() + "-cluster-ca-cert"));
        String docs = Files.readString(Path.of(System.getProperty("ganforge.docs.deploy", "../../docs/deploy.md")),
                StandardCharsets.UTF_8);
        Set<String> used = new TreeSet<>();
        for (String deployment : List.of("generator-service", "trainer")) {
            used.addAll(PodEnvironment.of(rendered, deployment).secrets());
        }
        for (String secret : used) {
            assertTrue(strimzi.contains(secret) || OPERATOR_SECRETS.contains(secret), "unexpected secret " + secret);
            if (OPERATOR_SECRETS.contains(secret)) {
                assertTrue(docs.contains("kubectl create secret generic " + secret),
                        "docs/deploy.md does not say how to create " + secret);
            }
        }
        assertTrue(rendered.all("Secret").isEmpty(), "no secret material in the manifests");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void serviceAccountsAndClaimsAreRendered(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        for (JsonNode deployment : rendered.all("Deployment")) {
            JsonNode pod = deployment.at("/spec/template/spec");
            rendered.one("ServiceAccount", pod.path("serviceAccountName").asText());
            for (JsonNode volume : pod.path("volumes")) {
                if (volume.has("persistentVolumeClaim")) {
                    rendered.one("PersistentVolumeClaim", volume.at("/persistentVolumeClaim/claimName").asText());
                }
            }
            assertTrue(GeneratorServiceManifestTest.selects(deployment.at("/spec/selector/matchLabels"),
                    deployment.at("/spec/template/metadata/labels")), "selector matches its own pods");
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everythingLivesInTheOverlaysNamespace(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        List<JsonNode> namespaces = rendered.all("Namespace");
        assertEquals(1, namespaces.size());
        String namespace = namespaces.get(0).at("/metadata/name").asText();
        for (JsonNode object : rendered.objects()) {
            if (!object.path("kind").asText().equals("Namespace")) {
                assertEquals(namespace, object.at("/metadata/namespace").asText(),
                        object.path("kind").asText() + " " + object.at("/metadata/name").asText());
            }
        }
    }
}
