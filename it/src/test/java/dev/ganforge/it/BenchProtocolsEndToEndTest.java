package dev.ganforge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/benchmarks.md's protocol comparison for a tiny window, for real: {@code scripts/bench-service --protocols}
 * starts a broker, publishes a freshly trained and exported model, starts the service jar, and {@code ganforge bench
 * protocols} drives /api/v1 npy, OIP JSON, OIP binary and gRPC at two batch sizes over two rounds. Every cell must
 * have served samples without an error; how fast is for the document, not for a test.
 */
class BenchProtocolsEndToEndTest {

    @TempDir
    Path dir;

    private final Path root = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyProtocolServesAtEveryBatchSize() throws Exception {
        ReactorBuild.trust(root, "trainer", "bench");
        Path run = dir.resolve("run");
        Path model = dir.resolve("curves.onnx");
        assertEquals(0, exec("train", 5, "./ganforge", "train", "--arch", "curves", "--steps", "20", "--run-dir",
                run.toString()), log("train"));
        assertEquals(0, exec("export", 5, "./ganforge", "export", run.toString(), "-o", model.toString()),
                log("export"));
        int kafkaPort = freePort();
        assertEquals(0, exec("bench", 10, "scripts/bench-service", "--model", model.toString(), "--modes", "on",
                "--protocols", "--batches", "1,4", "--rounds", "2", "--duration", "500ms", "--warmup", "200ms",
                "--concurrency", "2", "--port", Integer.toString(freePort()), "--kafka-port",
                Integer.toString(kafkaPort), "--controller-port", Integer.toString(freePort()), "--grpc-port",
                Integer.toString(freePort()), "--out",
                dir.resolve("out").toString()), log("bench"));

        List<String> medians = Files.readAllLines(dir.resolve("out/protocols-1-on.txt")).stream()
                .dropWhile(l -> !l.startsWith("median over 2 rounds")).skip(2).toList();
        assertEquals(8, medians.size(), log("bench"));
        for (String protocol : List.of("api/v1 npy", "OIP JSON", "OIP binary", "gRPC")) {
            for (int batch : List.of(1, 4)) {
                String row = medians.stream().filter(l -> l.matches(protocol + "\\s+" + batch + "\\s.*")).findFirst()
                        .orElseThrow(() -> new AssertionError(protocol + " batch " + batch + ": " + medians));
                // protocol batch samples/s (least-most) p50 (…) p99 (…) errors: samples served, none failed
                assertTrue(row.matches(".*\\s[1-9]\\d* \\(\\d+-\\d+\\)\\s.*\\s0"), row);
            }
        }
    }

    private int exec(String name, long minutes, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().put("GANFORGE_HOME", dir.resolve("home").toString());
        Process process = builder.start();
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + minutes + " min:" + log(name));
        }
        return process.exitValue();
    }

    private String log(String name) {
        try {
            return "\n--- " + name + "\n" + Files.readString(dir.resolve(name + ".log"));
        } catch (IOException e) {
            return "\n--- " + name + ": no log";
        }
    }


    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
