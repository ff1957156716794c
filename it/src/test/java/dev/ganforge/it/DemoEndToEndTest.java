package dev.ganforge.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, for real: {@code ./ganforge demo} on its own ports and {@code GANFORGE_HOME} trains a
 * small cdcgan, evaluates, exports and publishes it to a real broker, starts the generator-service as it ships and a
 * worker. Then what a user does: samples over HTTP (version 1) equal {@code ganforge sample} on the exported model
 * for the same seed and labels, a retraining request followed with {@code --wait} becomes version 2 and is served
 * (or is refused by the quality gate, and version 1 stays), the demo prints that outcome, and SIGTERM stops the
 * demo, the service, the worker and the broker, leaving nothing behind.
 */
class DemoEndToEndTest {

    private static final Duration READY = Duration.ofMinutes(8);

    @TempDir
    Path dir;

    private Loopback loopback;
    private Path home;
    private Process demo;
    private final List<ProcessHandle> children = new ArrayList<>();

    @AfterEach
    void stopWhatIsLeft() throws Exception {
        if (demo != null && demo.isAlive()) {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        children.forEach(ProcessHandle::destroyForcibly);
        if (loopback != null) {
            loopback.close();
        }
    }

    @Test
    void demoServesRetrainsAndStopsCleanly() throws Exception {
        loopback = new Loopback(dir);
        home = Files.createDirectories(dir.resolve("home"));
        int port = Loopback.freePort();
        int kafkaPort = loopback.kafkaPort; // the demo starts its own broker there
        shareDatasets();
        Path log = dir.resolve("demo.log");
        demo = loopback.ganforge("demo", "demo", "--steps", "20", "--port", Integer.toString(port), "--kafka-port",
                Integer.toString(kafkaPort));
        awaitLine(log, "gallery", READY);
        children.addAll(demo.descendants().toList());
        String base = "http://127.0.0.1:" + port;

        // A PNG grid from version 1.
        HttpResponse<byte[]> png = get(base + "/api/v1/models/digits/samples?count=10&seed=4");
        assertEquals(200, png.statusCode());
        assertEquals("1", png.headers().firstValue("X-Model-Version").orElse(""));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png.body(), 4));

        // The service's samples are the exported model's, as 'ganforge sample' draws them (same seed, labels).
        Path model = home.resolve("demo/runs/cdcgan-20/digits.onnx");
        assertTrue(Files.isRegularFile(model), "the demo exported " + model);
        JsonNode served = Loopback.JSON.readTree(get(base + "/api/v1/models/digits/samples?count=10&seed=4&format=json")
                .body());
        Path local = dir.resolve("local.json");
        loopback.run("sample", Duration.ofMinutes(2), "sample", "--from", model.toString(), "--count", "10",
                "--seed", "4", "--format", "json", "-o", local.toString());
        JsonNode drawn = Loopback.JSON.readTree(local.toFile());
        assertEquals(drawn.get("shape"), served.get("shape"));
        for (int i = 0; i < drawn.get("data").size(); i++) {
            assertEquals(drawn.get("data").get(i).floatValue(), served.get("data").get(i).floatValue(), 1e-5f,
                    "value " + i);
        }

        // A retraining request, followed to its outcome: published as version 2 and served, or refused by the
        // quality gate (the worker evaluates; version 1 carries the demo's figures) and version 1 kept.
        int retrain = loopback.run("retrain", Duration.ofMinutes(8), "retrain", "--model", "digits", "--arch", "cdcgan",
                "--dataset", "mnist", "--steps", "20", "--seed", "2", "--wait", "--timeout", "7m",
                "--bootstrap", "127.0.0.1:" + kafkaPort);
        String followed = Files.readString(dir.resolve("retrain.log"));
        String id = followed.lines().findFirst().orElse("");
        String expected = retrain == 0 ? "2" : "1";
        if (retrain == 0) {
            assertTrue(followed.contains("published digits version 2"), followed);
        } else {
            assertTrue(followed.contains("refused by the quality gate"), "refused, or a bug: " + followed);
        }
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (!expected.equals(get(base + "/api/v1/models/digits/samples?count=1&format=json").headers()
                .firstValue("X-Model-Version").orElse(""))) {
            if (Instant.now().isAfter(deadline)) {
                fail("version " + expected + " is not served a minute after: " + followed);
            }
            Thread.sleep(200);
        }
        // The demo tells its user what became of the request.
        awaitLine(log, "retrain   " + id + ": " + (retrain == 0 ? "published digits version 2" : "refused"),
                Duration.ofMinutes(1));

        // SIGTERM: the demo stops the worker, the service and the broker it started, and nothing is left running.
        demo.destroy();
        assertTrue(demo.waitFor(2, TimeUnit.MINUTES), "the demo did not stop on SIGTERM");
        Instant gone = Instant.now().plus(Duration.ofMinutes(1));
        while (children.stream().anyMatch(ProcessHandle::isAlive) || listening(port) || listening(kafkaPort)) {
            if (Instant.now().isAfter(gone)) {
                fail("left behind: " + children.stream().filter(ProcessHandle::isAlive)
                        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList()
                        + (listening(port) ? ", the service's port" : "") + (listening(kafkaPort) ? ", the broker's" : ""));
            }
            Thread.sleep(200);
        }
    }

    /**
     * The MNIST digits the trainer's tests fetched (and a reference classifier, when one was trained), so the demo
     * neither installs nor trains them again.
     */
    private void shareDatasets() throws IOException {
        String existing = System.getenv("GANFORGE_HOME");
        Path cache = existing != null && !existing.isBlank() ? Path.of(existing)
                : Path.of(System.getProperty("user.home"), ".ganforge");
        if (Files.isDirectory(cache.resolve("datasets/mnist"))) {
            Files.createSymbolicLink(home.resolve("datasets"), cache.resolve("datasets"));
        }
        if (Files.isDirectory(cache.resolve("classifiers"))) {
            Files.createSymbolicLink(home.resolve("classifiers"), cache.resolve("classifiers"));
        }
    }

    private void awaitLine(Path log, String prefix, Duration timeout) throws Exception {
        awaitLine(log, prefix, timeout, demo);
    }

    private void awaitLine(Path log, String prefix, Duration timeout, Process watched) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            if (text.lines().anyMatch(line -> line.startsWith(prefix))) {
                return;
            }
            if (!watched.isAlive()) {
                fail("the demo exited with status " + watched.exitValue() + ":\n" + text + logsOfChildren());
            }
            if (Instant.now().isAfter(deadline)) {
                fail("the demo was not ready within " + timeout + ":\n" + text + logsOfChildren());
            }
            Thread.sleep(500);
        }
    }

    private String logsOfChildren() throws IOException {
        StringBuilder logs = new StringBuilder();
        Path dir = home.resolve("demo/logs");
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    List<String> lines = Files.readAllLines(file);
                    logs.append("\n--- ").append(file.getFileName()).append(" (last 30 lines)\n")
                            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
                }
            }
        }
        return logs.toString();
    }

    private static HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        return Loopback.HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (IOException other) {
            return false;
        }
    }
}
