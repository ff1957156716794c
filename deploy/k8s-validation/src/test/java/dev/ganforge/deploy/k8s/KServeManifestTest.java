package dev.ganforge.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s/kserve: ganforge as a KServe runtime. No registry reachable here serves KServe's CRD schemas, so the
 * objects are checked against the fields KServe documents for {@code ServingRuntimeSpec} (serving.kserve.io/v1alpha1)
 * and the {@code InferenceService} predictor (v1beta1): an unknown or misspelt field fails, as it would fail the
 * CRD's structural schema. The runtime's container is a core Kubernetes container and is validated by the core
 * schema, like every other manifest.
 */
class KServeManifestTest {

    private static final Set<String> RUNTIME_SPEC = Set.of("supportedModelFormats", "protocolVersions", "multiModel",
            "disabled", "containers", "volumes", "annotations", "labels", "nodeSelector", "affinity", "tolerations",
            "imagePullSecrets", "grpcEndpoint", "grpcDataEndpoint", "httpDataEndpoint", "replicas", "storageHelper",
            "builtInAdapter", "workerSpec", "hostIPC");
    private static final Set<String> MODEL_FORMAT = Set.of("name", "version", "autoSelect", "priority");
    private static final Set<String> PROTOCOLS = Set.of("v1", "v2", "grpc-v1", "grpc-v2");
    private static final Set<String> PREDICTOR = Set.of("model", "minReplicas", "maxReplicas", "scaleTarget",
            "scaleMetric", "containerConcurrency", "timeout", "canaryTrafficPercent", "logger", "batcher", "labels",
            "annotations", "serviceAccountName", "nodeSelector", "affinity", "tolerations", "volumes",
            "imagePullSecrets", "containers", "deploymentStrategy");
    private static final Set<String> MODEL = Set.of("modelFormat", "runtime", "protocolVersion", "storageUri",
            "args", "env", "resources", "ports", "name", "image");
    /** What the runtime must take from the Deployment unchanged: the broker, its credentials, trust and tokens. */
    private static final List<String> SHARED_ENV = List.of("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_PROTOCOL",
            "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_TYPE",
            "KAFKA_SSL_TRUSTSTORE_LOCATION", "GANFORGE_TRUST_PUBLIC_KEY_FILES", "GANFORGE_AUTH_OPERATOR_TOKENS");

    private final RenderedOverlay kserve = RenderedOverlay.kustomization("kserve");

    @Test
    void theRuntimeHasOnlyFieldsKServeDocumentsAndSpeaksV2OverHttpAndGrpc() {
        JsonNode runtime = kserve.one("ClusterServingRuntime", "ganforge");
        assertEquals("serving.kserve.io/v1alpha1", runtime.path("apiVersion").asText());
        assertEquals(List.of(), runtimeProblems(runtime));
        assertEquals(List.of("v2", "grpc-v2"), strings(runtime.at("/spec/protocolVersions")));
        JsonNode container = runtime.at("/spec/containers/0");
        assertEquals("kserve-container", container.path("name").asText());
        Map<String, Integer> ports = new TreeMap<>();
        container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        assertEquals(Map.of("http1", 8080, "h2c", 9000), ports);
        assertEquals("9000", env(container).get("GANFORGE_GRPC_PORT"), "the gRPC server listens where h2c points");
        assertEquals("/v2/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals("/v2/health/live", container.at("/livenessProbe/httpGet/path").asText());
    }

    @Test
    void theRuntimeContainerIsAValidCoreContainerWithTheDeploymentsKafkaAndTrust() {
        JsonNode runtime = kserve.one("ClusterServingRuntime", "ganforge");
        ObjectNode pod = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("name", "ganforge-runtime");
        ObjectNode spec = pod.putObject("spec");
        spec.set("containers", runtime.at("/spec/containers"));
        spec.set("volumes", runtime.at("/spec/volumes"));
        assertEquals(List.of(), SchemaCatalog.load().problems(pod));

        Map<String, String> deployment = env(RenderedOverlay.of("dev").container("generator-service"));
        Map<String, String> runtimeEnv = env(runtime.at("/spec/containers/0"));
        for (String name : SHARED_ENV) {
            assertEquals(deployment.get(name), runtimeEnv.get(name), name + " as in the Deployment");
        }
    }

    @Test
    void theInferenceServiceNamesTheRuntimeAndAFormatItServes() {
        JsonNode isvc = kserve.one("InferenceService", "ganforge");
        assertEquals("serving.kserve.io/v1beta1", isvc.path("apiVersion").asText());
        List<String> problems = new ArrayList<>();
        unknownFields("spec", isvc.path("spec"), Set.of("predictor"), problems);
        unknownFields("spec.predictor", isvc.at("/spec/predictor"), PREDICTOR, problems);
        unknownFields("spec.predictor.model", isvc.at("/spec/predictor/model"), MODEL, problems);
        unknownFields("spec.predictor.model.modelFormat", isvc.at("/spec/predictor/model/modelFormat"),
                Set.of("name", "version"), problems);
        assertEquals(List.of(), problems);
        JsonNode runtime = kserve.one("ClusterServingRuntime", "ganforge");
        JsonNode model = isvc.at("/spec/predictor/model");
        assertEquals(runtime.at("/metadata/name").asText(), model.path("runtime").asText());
        assertEquals(model.at("/modelFormat/name").asText(),
                runtime.at("/spec/supportedModelFormats/0/name").asText());
        assertTrue(strings(runtime.at("/spec/protocolVersions")).contains(model.path("protocolVersion").asText()));
        assertEquals("RawDeployment", isvc.at("/metadata/annotations/serving.kserve.io~1deploymentMode").asText(),
                "raw deployment exposes both ports without Knative");
    }

    @Test
    void aMisspeltRuntimeFieldOrUnknownProtocolIsRejected() {
        ObjectNode broken = kserve.one("ClusterServingRuntime", "ganforge").deepCopy();
        ObjectNode spec = (ObjectNode) broken.get("spec");
        spec.set("protocolVersion", spec.remove("protocolVersions"));
        assertTrue(runtimeProblems(broken).stream().anyMatch(p -> p.contains("protocolVersion")));
        ObjectNode wrongProtocol = kserve.one("ClusterServingRuntime", "ganforge").deepCopy();
        ((ArrayNode) wrongProtocol.at("/spec/protocolVersions")).add("v3");
        assertTrue(runtimeProblems(wrongProtocol).stream().anyMatch(p -> p.contains("v3")));
    }

    private static List<String> runtimeProblems(JsonNode runtime) {
        List<String> problems = new ArrayList<>();
        JsonNode spec = runtime.path("spec");
        unknownFields("spec", spec, RUNTIME_SPEC, problems);
        spec.path("supportedModelFormats").forEach(f ->
                unknownFields("spec.supportedModelFormats[]", f, MODEL_FORMAT, problems));
        if (!spec.path("protocolVersions").isArray()) {
            problems.add("spec.protocolVersions: missing");
        }
        for (String protocol : strings(spec.path("protocolVersions"))) {
            if (!PROTOCOLS.contains(protocol)) {
                problems.add("spec.protocolVersions: " + protocol + " is not one of " + PROTOCOLS);
            }
        }
        if (spec.path("containers").size() < 1) {
            problems.add("spec.containers: a runtime needs its container");
        }
        return problems;
    }

    private static void unknownFields(String where, JsonNode object, Set<String> known, List<String> problems) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(where + "." + name + ": not a field KServe documents here");
            }
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> {
            if (v.isTextual()) {
                values.add(v.asText());
            }
        });
        return values;
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new TreeMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(),
                e.has("value") ? e.path("value").asText() : e.path("valueFrom").toString()));
        return env;
    }
}
