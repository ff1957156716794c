package dev.ganforge.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Both workloads, in every overlay: non-root, read-only, no privileges, bounded resources, fixed images. */
class PodSecurityTest {

    static Stream<Arguments> workloads() {
        return RenderedOverlay.NAMES.stream().flatMap(overlay ->
                Stream.of("generator-service", "trainer").map(deployment -> Arguments.of(overlay, deployment)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("workloads")
    void runsAsNonRootWithSeccompAndNoServiceAccountToken(String overlay, String deployment) {
        JsonNode pod = RenderedOverlay.of(overlay).one("Deployment", deployment).at("/spec/template/spec");
        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean(), "runAsNonRoot");
        assertTrue(pod.at("/securityContext/runAsUser").asInt() > 0, "a numeric non-root uid");
        assertEquals("RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText());
        assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), "no API token in the pod");
        assertFalse(pod.path("hostNetwork").asBoolean(false));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("workloads")
    void containerHasReadOnlyRootNoEscalationAndNoCapabilities(String overlay, String deployment) {
        JsonNode security = RenderedOverlay.of(overlay).container(deployment).path("securityContext");
        assertTrue(security.path("readOnlyRootFilesystem").asBoolean(), "readOnlyRootFilesystem");
        assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true), "allowPrivilegeEscalation false");
        assertFalse(security.path("privileged").asBoolean(false));
        assertEquals(List.of("ALL"), texts(security.at("/capabilities/drop")));
        assertTrue(security.at("/capabilities/add").isMissingNode(), "adds no capability");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("workloads")
    void tmpIsAWritableEmptyDirSinceNativeLibrariesAreUnpackedThere(String overlay, String deployment) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        JsonNode mount = stream(rendered.container(deployment).path("volumeMounts"))
                .filter(m -> m.path("mountPath").asText().equals("/tmp")).findFirst().orElseThrow();
        assertFalse(mount.path("readOnly").asBoolean(false));
        JsonNode volume = stream(rendered.one("Deployment", deployment).at("/spec/template/spec/volumes"))
                .filter(v -> v.path("name").asText().equals(mount.path("name").asText())).findFirst().orElseThrow();
        assertTrue(volume.has("emptyDir"), "/tmp is an emptyDir");
        assertTrue(volume.at("/emptyDir/sizeLimit").isTextual(), "and bounded");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("workloads")
    void requestsAndLimitsCpuAndMemoryWithRequestsWithinLimits(String overlay, String deployment) {
        JsonNode resources = RenderedOverlay.of(overlay).container(deployment).path("resources");
        for (String resource : List.of("cpu", "memory")) {
            JsonNode request = resources.at("/requests/" + resource);
            JsonNode limit = resources.at("/limits/" + resource);
            assertTrue(request.isTextual() || request.isNumber(), resource + " request");
            assertTrue(limit.isTextual() || limit.isNumber(), resource + " limit");
            assertTrue(Quantity.parse(request.asText()).compareTo(Quantity.parse(limit.asText())) <= 0,
                    resource + " request " + request.asText() + " exceeds limit " + limit.asText());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("workloads")
    void imageIsPinnedToARegistryAndTag(String overlay, String deployment) {
        String image = RenderedOverlay.of(overlay).container(deployment).path("image").asText();
        assertTrue(image.matches("[a-z0-9.:-]+/ganforge/" + deployment + ":[A-Za-z0-9._-]+"), image);
        assertFalse(image.endsWith(":latest"), image);
    }

    static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    static List<String> texts(JsonNode array) {
        return stream(array).map(JsonNode::asText).toList();
    }
}
