package dev.ganforge.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The image definitions agree with the manifests: every runtime stage drops root, as the uid the Deployment
 * runs as (so files the image owns are readable under a read-only root filesystem).
 */
class ContainerImageTest {

    private static final Path DOCKER = RenderedOverlay.k8sDir().resolve("../docker");

    @ParameterizedTest
    @CsvSource({
            "trainer.Dockerfile, trainer, cpu",
            "trainer.Dockerfile, trainer, cuda",
            "generator-service.jvm.Dockerfile, generator-service, ",
            "generator-service.native.Dockerfile, generator-service, "})
    void runtimeStageRunsAsTheDeploymentsNonRootUser(String dockerfile, String deployment, String stage) throws IOException {
        List<String> lines = stage(Files.readAllLines(DOCKER.resolve(dockerfile), StandardCharsets.UTF_8), stage);
        String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError(dockerfile + " " + stage + " never drops root"))
                .substring("USER ".length()).split(":")[0].strip();
        assertTrue(user.matches("[1-9][0-9]*"), "numeric non-root uid, got " + user);
        for (String overlay : RenderedOverlay.NAMES) {
            assertEquals(user, RenderedOverlay.of(overlay).one("Deployment", deployment)
                    .at("/spec/template/spec/securityContext/runAsUser").asText(), overlay + " " + deployment);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ENTRYPOINT ")), dockerfile + " has an entrypoint");
    }

    @Test
    void trainerImageRunsDjlOfflineAndTheCudaStageBuildsWithTheCudaProfile() throws IOException {
        String dockerfile = Files.readString(DOCKER.resolve("trainer.Dockerfile"), StandardCharsets.UTF_8);
        for (String stage : List.of("cpu", "cuda")) {
            String entrypoint = stage(dockerfile.lines().toList(), stage).stream()
                    .filter(l -> l.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
            assertTrue(entrypoint.contains("-Dai.djl.offline=true"), stage + ": " + entrypoint);
        }
        assertTrue(dockerfile.contains("MAVEN_PROFILES=-Pcuda"), "the CUDA build is documented with -Pcuda");
        assertFalse(dockerfile.contains(":latest"));
    }

    /** The lines of one named stage ({@code FROM x AS name}), or of the last stage when name is null. */
    private static List<String> stage(List<String> dockerfile, String name) {
        List<String> current = new ArrayList<>();
        List<String> found = null;
        for (String raw : dockerfile) {
            String line = raw.strip();
            if (line.startsWith("FROM ")) {
                current = new ArrayList<>();
                if (name != null && line.toLowerCase().endsWith(" as " + name)) {
                    found = current;
                }
            }
            current.add(line);
        }
        return name == null ? current : found == null ? List.of() : found;
    }
}
