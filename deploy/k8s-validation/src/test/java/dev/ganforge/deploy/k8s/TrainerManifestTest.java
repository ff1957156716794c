package dev.ganforge.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class TrainerManifestTest {

    private static final List<String> OVERLAYS = RenderedOverlay.NAMES;
    private static final String NAME = "trainer";

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void oneWorkerReplacedNotRolled(String overlay) {
        JsonNode deployment = RenderedOverlay.of(overlay).one("Deployment", NAME);
        assertEquals(1, deployment.at("/spec/replicas").asInt());
        assertEquals("Recreate", deployment.at("/spec/strategy/type").asText());
        assertEquals(List.of("worker"), PodSecurityTest.texts(RenderedOverlay.of(overlay).container(NAME).path("args")));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void keepsRunDirectoriesOnAPersistentVolumeClaim(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        PodEnvironment env = PodEnvironment.of(rendered, NAME);
        String home = env.env("GANFORGE_HOME").path("value").asText();
        JsonNode volume = env.volumeHolding(home + "/runs");
        String claim = volume.at("/persistentVolumeClaim/claimName").asText();
        JsonNode pvc = rendered.one("PersistentVolumeClaim", claim);
        assertEquals(List.of("ReadWriteOnce"), PodSecurityTest.texts(pvc.at("/spec/accessModes")));
        assertTrue(Quantity.parse(pvc.at("/spec/resources/requests/storage").asText()).signum() > 0);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void signsWithThePrivateKeyFromItsSecretAndTalksToKafkaAsTheTrainer(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        PodEnvironment env = PodEnvironment.of(rendered, NAME);
        assertEquals("ganforge-signing-private", env.envSecret("GANFORGE_SIGNING_KEY").orElseThrow());
        GeneratorServiceManifestTest.assertKafkaClient(rendered, env, "ganforge-trainer");
        assertTrue(env.env("JAVA_TOOL_OPTIONS").path("value").asText().contains("-Dai.djl.offline=true"));
    }

    @Test
    void devTrainsOnCpuWithoutClaimingAGpu() {
        RenderedOverlay dev = RenderedOverlay.of("dev");
        JsonNode resources = dev.container(NAME).path("resources");
        assertTrue(resources.at("/limits/nvidia.com~1gpu").isMissingNode());
        assertTrue(resources.at("/requests/nvidia.com~1gpu").isMissingNode());
        assertTrue(dev.one("Deployment", NAME).at("/spec/template/spec/tolerations").isMissingNode());
        assertFalse(dev.container(NAME).path("image").asText().contains("cuda"));
    }

    @Test
    void prodClaimsOneGpuToleratesTheGpuTaintAndRunsTheCudaImage() {
        RenderedOverlay prod = RenderedOverlay.of("prod");
        JsonNode resources = prod.container(NAME).path("resources");
        assertEquals("1", resources.at("/limits/nvidia.com~1gpu").asText());
        assertEquals("1", resources.at("/requests/nvidia.com~1gpu").asText());
        JsonNode tolerations = prod.one("Deployment", NAME).at("/spec/template/spec/tolerations");
        assertTrue(PodSecurityTest.stream(tolerations).anyMatch(t ->
                t.path("key").asText().equals("nvidia.com/gpu")
                        && t.path("effect").asText().equals("NoSchedule")
                        && (t.path("operator").asText().equals("Exists") || t.has("value"))), tolerations::toString);
        assertTrue(prod.container(NAME).path("image").asText().endsWith("-cuda"));
        // The GPU is not asked of the generator service.
        assertTrue(prod.container("generator-service").at("/resources/limits/nvidia.com~1gpu").isMissingNode());
    }
}
