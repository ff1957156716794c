package dev.ganforge.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class TrainerManifestTest {

    private static final List<String> OVERLAYS = RenderedOverlay.NAMES;
    private static final String NAME = "trainer";

    /**
     * Prod runs two workers in one group (dev one, on a laptop); they roll one at a time without surging past the
     * GPUs they hold, and the requests topic has a partition for each, or they could not train side by side.
     */
    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void workersOfOneGroupRollOneAtATimeWithAPartitionEach(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        JsonNode deployment = rendered.one("Deployment", NAME);
        int replicas = deployment.at("/spec/replicas").asInt();
        assertEquals(overlay.equals("dev") ? 1 : 2, replicas);
        assertEquals("RollingUpdate", deployment.at("/spec/strategy/type").asText());
        assertEquals(0, deployment.at("/spec/strategy/rollingUpdate/maxSurge").asInt());
        assertEquals(1, deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt());
        assertEquals("worker", rendered.container(NAME).at("/args/0").asText());
        assertTrue(PodSecurityTest.texts(rendered.container(NAME).path("args")).stream()
                .noneMatch(arg -> arg.startsWith("--group")), "every worker in the default group");
        JsonNode requests = rendered.all("KafkaTopic").stream()
                .filter(topic -> topic.at("/spec/topicName").asText().equals("ganforge.retrain.requests"))
                .findFirst().orElseThrow();
        assertTrue(requests.at("/spec/partitions").asInt() >= replicas, "a partition per worker: " + requests);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void workerBoundsTheModelsTopicWithARetention(String overlay) {
        List<String> args = PodSecurityTest.texts(RenderedOverlay.of(overlay).container(NAME).path("args"));
        int at = args.indexOf("--keep-versions");
        assertTrue(at > 0 && at + 1 < args.size(), "the worker is given --keep-versions N: " + args);
        int keep = Integer.parseInt(args.get(at + 1));
        assertTrue(keep >= 2, "a retention that leaves an older version to pin or fall back to: " + keep);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void probesWatchTheHeartbeatFileTheWorkerWritesOnItsScratchVolume(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        JsonNode container = rendered.container(NAME);
        String heartbeat = heartbeatFile(container);
        assertTrue(PodEnvironment.of(rendered, NAME).volumeHolding(heartbeat).has("emptyDir"),
                "the heartbeat is on the pod's writable scratch volume, not the state claim: " + heartbeat);
        for (String probe : List.of("livenessProbe", "startupProbe")) {
            List<String> command = PodSecurityTest.texts(container.at("/" + probe + "/exec/command"));
            assertTrue(String.join(" ", command).contains(heartbeat), probe + " reads " + heartbeat + ": " + command);
        }
        // Several failures before a restart: one slow exec on a node busy training must not kill the worker.
        assertTrue(container.at("/livenessProbe/failureThreshold").asInt() >= 2);
        assertTrue(container.at("/livenessProbe/timeoutSeconds").asInt() >= 5);
        JsonNode startup = container.path("startupProbe");
        assertTrue(startup.path("periodSeconds").asInt() * startup.path("failureThreshold").asInt() >= 120,
                "start-up gets at least 2 minutes");
    }

    /**
     * Runs the rendered probe commands (the image's shell is dash with GNU coreutils, as here) on a file of a
     * given age standing in for the heartbeat file.
     */
    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void probesPassOnAFreshHeartbeatAndFailOnAStaleOrMissingOne(String overlay) throws Exception {
        Assumptions.assumeTrue(gnuStat(), "needs GNU stat (stat -c), as in the trainer image");
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        JsonNode container = rendered.container(NAME);
        String heartbeat = heartbeatFile(container);
        // A worker shutting down gracefully stops beating: the probe must not cut that short.
        long grace = rendered.one("Deployment", NAME).at("/spec/template/spec/terminationGracePeriodSeconds").asLong();
        Path dir = Files.createTempDirectory("heartbeat");
        Path file = dir.resolve("worker.heartbeat");
        try {
            for (String probe : List.of("livenessProbe", "startupProbe")) {
                List<String> command = PodSecurityTest.texts(container.at("/" + probe + "/exec/command")).stream()
                        .map(part -> part.replace(heartbeat, file.toString())).toList();
                assertEquals(1, exitCode(command), probe + " fails when the file is missing");
                for (long age : List.of(0L, 60L, grace)) {
                    touch(file, Duration.ofSeconds(age));
                    assertEquals(0, exitCode(command), probe + " passes on a heartbeat " + age + " s old");
                }
                touch(file, Duration.ofMinutes(10));
                assertEquals(1, exitCode(command), probe + " fails on a heartbeat 10 minutes old");
            }
        } finally {
            Files.deleteIfExists(file);
            Files.delete(dir);
        }
    }

    /** The value of the worker's {@code --heartbeat-file} argument. */
    static String heartbeatFile(JsonNode container) {
        return argument(container, "--heartbeat-file");
    }

    /** The value of the worker's {@code option}, in either of picocli's spellings. */
    static String argument(JsonNode container, String option) {
        List<String> args = PodSecurityTest.texts(container.path("args"));
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(option) && i + 1 < args.size()) {
                return args.get(i + 1);
            }
            if (args.get(i).startsWith(option + "=")) {
                return args.get(i).substring(option.length() + 1);
            }
        }
        throw new AssertionError("the worker is not given " + option + ": " + args);
    }

    private static void touch(Path file, Duration age) throws IOException {
        if (Files.notExists(file)) {
            Files.createFile(file);
        }
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
    }

    /** 0 or 1: a probe only tells success from failure, so any failing status counts as 1. */
    private static int exitCode(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "probe command did not finish: " + command);
        return process.exitValue() == 0 ? 0 : 1;
    }

    private static boolean gnuStat() {
        try {
            Process process = new ProcessBuilder("stat", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Run dirs (checkpoints, the claim locks) on one claim every worker mounts, ReadWriteMany where there are
     * several workers; each worker's own state (completed-request ids) on its pod's scratch volume, so two workers
     * never write one file.
     */
    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void sharesRunDirectoriesOnAClaimAndKeepsItsOwnStateInThePod(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        PodEnvironment env = PodEnvironment.of(rendered, NAME);
        JsonNode container = rendered.container(NAME);
        String runs = argument(container, "--runs-dir");
        JsonNode volume = env.volumeHolding(runs + "/x");
        String claim = volume.at("/persistentVolumeClaim/claimName").asText();
        JsonNode pvc = rendered.one("PersistentVolumeClaim", claim);
        List<String> modes = PodSecurityTest.texts(pvc.at("/spec/accessModes"));
        int replicas = rendered.one("Deployment", NAME).at("/spec/replicas").asInt();
        assertEquals(List.of(replicas > 1 ? "ReadWriteMany" : "ReadWriteOnce"), modes);
        assertTrue(Quantity.parse(pvc.at("/spec/resources/requests/storage").asText()).signum() > 0);
        String home = env.env("GANFORGE_HOME").path("value").asText();
        assertEquals(claim, env.volumeHolding(home + "/datasets").at("/persistentVolumeClaim/claimName").asText(),
                "datasets are downloaded once, for every worker");
        assertTrue(env.volumeHolding(argument(container, "--state-dir") + "/x").has("emptyDir"),
                "the worker's own state is in its pod");
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
