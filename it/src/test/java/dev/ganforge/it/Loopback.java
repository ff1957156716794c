package dev.ganforge.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real processes on loopback for the end-to-end tests, each writing its log into the test's directory: a broker
 * ({@code deploy/local/kafka}) on free ports, {@code ./ganforge} commands with their own {@code GANFORGE_HOME}, and
 * generator-service replicas (the service jar as it ships). {@link #close()} stops all of them.
 */
final class Loopback implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Path root = Path.of("..").toAbsolutePath().normalize();
    final Path dir;
    final int kafkaPort;
    final String bootstrap;
    private final int controllerPort;
    private final List<Process> processes = new ArrayList<>();
    private boolean brokerStarted;

    Loopback(Path dir) throws IOException {
        this.dir = dir;
        this.kafkaPort = freePort();
        this.controllerPort = freePort();
        this.bootstrap = "127.0.0.1:" + kafkaPort;
        ReactorBuild.trust(root, "trainer");
    }

    @Override
    public void close() throws Exception {
        for (Process process : processes) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        if (brokerStarted) {
            new ProcessBuilder(root.resolve("deploy/local/kafka").toString(), "stop", "--port",
                    Integer.toString(kafkaPort), "--purge").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("broker-stop.log").toFile()).start().waitFor(2, TimeUnit.MINUTES);
        }
    }

    /**
     * The start script gives up when the broker has not answered within 30 s, which a saturated machine can make
     * happen; starting again is idempotent and waits for the broker already on its way up.
     */
    void startBroker() throws Exception {
        brokerStarted = true;
        if (!startBrokerOnce()) {
            assertTrue(startBrokerOnce(), "broker start: " + log("broker"));
        }
    }

    private boolean startBrokerOnce() throws Exception {
        Process start = new ProcessBuilder(root.resolve("deploy/local/kafka").toString(), "start", "--port",
                Integer.toString(kafkaPort), "--controller-port", Integer.toString(controllerPort))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("broker.log").toFile())).start();
        return start.waitFor(3, TimeUnit.MINUTES) && start.exitValue() == 0;
    }

    void stopBroker() throws Exception {
        Process stop = new ProcessBuilder(root.resolve("deploy/local/kafka").toString(), "stop", "--port",
                Integer.toString(kafkaPort)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect
                .appendTo(dir.resolve("broker.log").toFile())).start();
        assertTrue(stop.waitFor(3, TimeUnit.MINUTES) && stop.exitValue() == 0, "broker stop: " + log("broker"));
    }

    /** Starts {@code ./ganforge args}, its output in {@code name.log}. */
    Process ganforge(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("ganforge").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().put("GANFORGE_HOME", dir.resolve("home").toString());
        builder.environment().put("GANFORGE_THREADS", "1");
        return started(builder);
    }

    /** Runs {@code ./ganforge args} to its end and returns its exit code. */
    int run(String name, Duration timeout, String... args) throws Exception {
        Process process = ganforge(name, args);
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("ganforge " + String.join(" ", args) + " did not finish within " + timeout + ": " + log(name));
        }
        return process.exitValue();
    }

    /** Starts the service jar on {@code port} against this broker, with {@code env} on top; log: service-NAME.log. */
    Process service(String name, int port, Map<String, String> env) throws IOException {
        Path jar = root.resolve("generator-service/target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), "build the service first: " + jar);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-jar", jar.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("service-" + name + ".log").toFile()));
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().putAll(env);
        return started(builder);
    }

    private Process started(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** The last 30 lines of {@code name.log}, for failure messages. */
    String log(String name) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(name + ".log"));
            return "\n--- " + name + " (last 30 lines)\n" + String.join("\n",
                    lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "\n--- " + name + ": no log";
        }
    }

    /** A port nothing listens on now, for a process to take. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
