package dev.ganforge.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class GeneratorServiceManifestTest {

    private static final List<String> OVERLAYS = RenderedOverlay.NAMES;
    private static final String NAME = "generator-service";

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void probesHitQuarkusHealthOnTheHttpPort(String overlay) {
        JsonNode container = RenderedOverlay.of(overlay).container(NAME);
        JsonNode port = PodSecurityTest.stream(container.path("ports"))
                .filter(p -> p.path("name").asText().equals("http")).findFirst().orElseThrow();
        assertEquals(8080, port.path("containerPort").asInt());
        assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
        assertEquals("http", container.at("/readinessProbe/httpGet/port").asText());
        assertEquals("http", container.at("/livenessProbe/httpGet/port").asText());
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void serviceAndDisruptionBudgetSelectTheServicePods(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        JsonNode podLabels = rendered.one("Deployment", NAME).at("/spec/template/metadata/labels");
        JsonNode service = rendered.one("Service", NAME);
        assertTrue(selects(service.at("/spec/selector"), podLabels), "Service selects the pods");
        assertEquals("http", service.at("/spec/ports/0/targetPort").asText());

        JsonNode pdb = rendered.one("PodDisruptionBudget", NAME);
        assertTrue(selects(pdb.at("/spec/selector/matchLabels"), podLabels), "PDB selects the pods");
        // A budget that allows no eviction at the minimum replica count blocks every node drain.
        int minimumReplicas = rendered.all("HorizontalPodAutoscaler").stream()
                .filter(h -> h.at("/spec/scaleTargetRef/name").asText().equals(NAME))
                .mapToInt(h -> h.at("/spec/minReplicas").asInt())
                .findFirst().orElse(rendered.one("Deployment", NAME).at("/spec/replicas").asInt());
        int allowedDown = pdb.at("/spec/maxUnavailable").isMissingNode()
                ? minimumReplicas - pdb.at("/spec/minAvailable").asInt()
                : pdb.at("/spec/maxUnavailable").asInt();
        assertTrue(allowedDown >= 1, "the PDB lets a drain evict a pod");
        assertTrue(allowedDown < Math.max(2, minimumReplicas), "the PDB keeps a pod when there are several");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void trustsOnlyPublicKeysFromTheirSecretAndTakesTheApiTokenFromASecret(String overlay) {
        PodEnvironment env = PodEnvironment.of(RenderedOverlay.of(overlay), NAME);
        String[] keyFiles = env.env("GANFORGE_TRUST_PUBLIC_KEY_FILES").path("value").asText().split(",");
        assertTrue(keyFiles.length >= 1);
        for (String file : keyFiles) {
            JsonNode volume = env.volumeHolding(file.strip());
            assertEquals("ganforge-signing-public", volume.at("/secret/secretName").asText(), file);
        }
        assertEquals("ganforge-api-token", env.envSecret("GANFORGE_AUTH_OPERATOR_TOKENS").orElseThrow());
        assertFalse(env.secrets().contains("ganforge-signing-private"), "the service never sees the private key");
        assertTrue(Arrays.stream(keyFiles).allMatch(f -> f.endsWith(".pem")));
    }

    /**
     * The routing endpoints work on Kubernetes: every replica signs control records with the control key from its
     * secret (the settings' environment names as Quarkus maps them), and trusts its public half, so each applies
     * what any other writes. The trainer never sees that key.
     */
    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void signsRoutingWithTheControlKeyWhosePublicHalfEveryReplicaTrusts(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        PodEnvironment env = PodEnvironment.of(rendered, NAME);
        String privateKey = env.env(environmentName("ganforge.control.signing-key-file")).path("value").asText();
        String publicKey = env.env(environmentName("ganforge.control.signing-public-key-file")).path("value").asText();
        JsonNode keyVolume = env.volumeHolding(privateKey);
        assertEquals("ganforge-control-private", keyVolume.at("/secret/secretName").asText());
        assertEquals(List.of(privateKey.substring(privateKey.lastIndexOf('/') + 1)),
                PodSecurityTest.stream(keyVolume.at("/secret/items")).map(item -> item.path("path").asText()).toList());
        assertEquals("ganforge-signing-public", env.volumeHolding(publicKey).at("/secret/secretName").asText());
        assertTrue(Arrays.asList(env.env("GANFORGE_TRUST_PUBLIC_KEY_FILES").path("value").asText().split(","))
                .contains(publicKey), "every replica trusts the control key");
        assertFalse(PodEnvironment.of(rendered, "trainer").secrets().contains("ganforge-control-private"));
    }

    /** A MicroProfile Config property as an environment variable: non-alphanumerics to '_', upper case. */
    private static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void leavesOnnxRuntimeMostOfTheMemoryLimitAndFewMallocArenas(String overlay) {
        PodEnvironment env = PodEnvironment.of(RenderedOverlay.of(overlay), NAME);
        Matcher heap = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)")
                .matcher(env.env("JAVA_OPTS_APPEND").path("value").asText());
        assertTrue(heap.find(), "the heap is sized against the container limit");
        assertTrue(Integer.parseInt(heap.group(1)) <= 50, "ORT's native memory needs at least half of the limit");
        assertEquals("2", env.env("MALLOC_ARENA_MAX").path("value").asText());
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void talksToKafkaWithItsOwnStrimziUserOverTls(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        assertKafkaClient(rendered, PodEnvironment.of(rendered, NAME), "ganforge-generator-service");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void horizontalAutoscalingOnlyInProd(String overlay) {
        List<JsonNode> hpas = RenderedOverlay.of(overlay).all("HorizontalPodAutoscaler");
        if (overlay.equals("dev")) {
            assertEquals(List.of(), hpas);
            return;
        }
        assertEquals(1, hpas.size());
        JsonNode hpa = hpas.get(0);
        assertEquals("autoscaling/v2", hpa.path("apiVersion").asText());
        assertEquals(Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", NAME),
                Map.of("apiVersion", hpa.at("/spec/scaleTargetRef/apiVersion").asText(),
                        "kind", hpa.at("/spec/scaleTargetRef/kind").asText(),
                        "name", hpa.at("/spec/scaleTargetRef/name").asText()));
        assertTrue(hpa.at("/spec/minReplicas").asInt() >= 2);
        assertTrue(hpa.at("/spec/maxReplicas").asInt() > hpa.at("/spec/minReplicas").asInt());
        assertEquals("cpu", hpa.at("/spec/metrics/0/resource/name").asText());
        // Utilisation is relative to the request: without one the HPA cannot compute it.
        assertTrue(RenderedOverlay.of(overlay).container(NAME).at("/resources/requests/cpu").isTextual());
    }

    /** Bootstrap on the cluster's TLS listener, SCRAM from the user's Secret, the cluster CA as trust store. */
    static void assertKafkaClient(RenderedOverlay rendered, PodEnvironment env, String kafkaUser) {
        JsonNode kafka = rendered.all("Kafka").get(0);
        String cluster = kafka.at("/metadata/name").asText();
        JsonNode listener = kafka.at("/spec/kafka/listeners/0");
        assertEquals(cluster + "-kafka-bootstrap:" + listener.path("port").asInt(),
                env.env("KAFKA_BOOTSTRAP_SERVERS").path("value").asText());
        assertTrue(listener.path("tls").asBoolean());
        assertEquals("SASL_SSL", env.env("KAFKA_SECURITY_PROTOCOL").path("value").asText());
        assertEquals("SCRAM-SHA-512", env.env("KAFKA_SASL_MECHANISM").path("value").asText());
        assertEquals("scram-sha-512", listener.at("/authentication/type").asText());
        rendered.one("KafkaUser", kafkaUser);
        assertEquals(kafkaUser, env.envSecret("KAFKA_SASL_JAAS_CONFIG").orElseThrow());
        assertEquals("sasl.jaas.config", env.env("KAFKA_SASL_JAAS_CONFIG").at("/valueFrom/secretKeyRef/key").asText());
        String trustStore = env.env("KAFKA_SSL_TRUSTSTORE_LOCATION").path("value").asText();
        assertEquals(cluster + "-cluster-ca-cert", env.volumeHolding(trustStore).at("/secret/secretName").asText());
        assertEquals("PEM", env.env("KAFKA_SSL_TRUSTSTORE_TYPE").path("value").asText());
    }

    static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        for (var it = selector.fields(); it.hasNext(); ) {
            var entry = it.next();
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }
}
