package dev.ganforge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded chaos run on loopback (issue 23 §5), everything a real process: a broker ({@code deploy/local/kafka}),
 * two generator-service replicas (the service jar), two {@code ganforge worker}s in one group sharing a runs
 * directory, a load client drawing samples from both replicas, and retraining requests sent with
 * {@code ganforge retrain}. While they train, the worker holding a request is killed with SIGKILL, the broker
 * restarts and one replica restarts. Afterwards every request was published exactly once, the versions on the
 * replicas are exactly the published ones, both serve the same newest version, and the only failed sample requests
 * went to the restarting replica while it was down.
 *
 * <p>Small by default for CI; {@code scripts/chaos} runs it longer ({@code -Dganforge.chaos.requests},
 * {@code -Dganforge.chaos.steps}).
 */
class ChaosRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String MODEL = "chaos";
    private static final int REQUESTS = Integer.getInteger("ganforge.chaos.requests", 3);
    /** Curves train hundreds of steps a second: enough of them that a worker can be caught in the middle. */
    private static final int STEPS = Integer.getInteger("ganforge.chaos.steps", 2000);
    private static final Duration OUTCOMES = Duration.ofMinutes(Long.getLong("ganforge.chaos.minutes", 6));

    @TempDir
    Path dir;

    private final Path root = Path.of("..").toAbsolutePath().normalize();
    private final List<Process> processes = new ArrayList<>();
    private int kafkaPort;
    private int controllerPort;
    private String bootstrap;

    @AfterEach
    void stopEverything() throws Exception {
        for (Process process : processes) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        if (kafkaPort != 0) {
            new ProcessBuilder(root.resolve("deploy/local/kafka").toString(), "stop", "--port",
                    Integer.toString(kafkaPort), "--purge").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("broker-stop.log").toFile()).start().waitFor(2, TimeUnit.MINUTES);
        }
    }

    @Test
    void everyRequestIsPublishedOnceThroughAWorkerKillABrokerRestartAndAReplicaRestart() throws Exception {
        ReactorBuild.trust(root, "trainer");
        kafkaPort = freePort();
        controllerPort = freePort();
        bootstrap = "127.0.0.1:" + kafkaPort;
        startBroker();
        assertEquals(0, run("keys", Duration.ofMinutes(2), "keys", "generate", "--out", dir.resolve("keys").toString()));
        Path runs = dir.resolve("shared-runs");
        Map<Long, Process> workers = new HashMap<>();
        for (String name : List.of("w1", "w2")) {
            Process worker = ganforge(name, "worker", "--bootstrap", bootstrap, "--key", key().toString(),
                    "--no-evaluate", "--group", "chaos", "--state-dir", dir.resolve(name).toString(), "--runs-dir",
                    runs.toString(), "--progress-interval", "1");
            workers.put(worker.pid(), worker);
        }
        // Version 1, so the replicas have something to serve before the load starts.
        List<String> ids = new ArrayList<>();
        ids.add(retrain(1, true));
        Replica a = new Replica("a", freePort());
        Replica b = new Replica("b", freePort());
        a.start();
        b.start();
        a.awaitServing(Duration.ofMinutes(3));
        b.awaitServing(Duration.ofMinutes(3));

        try (Load load = new Load(List.of(a, b))) {
            for (int seed = 2; seed <= REQUESTS + 1; seed++) {
                ids.add(retrain(seed, false));
            }
            // SIGKILL the worker that holds a request while it trains: the other must resume it.
            long holder = awaitTraining(runs, ids.subList(1, ids.size()), Duration.ofMinutes(3));
            Process victim = workers.get(holder);
            assertTrue(victim != null, "the lock holder " + holder + " is one of our workers " + workers.keySet());
            victim.destroyForcibly();
            assertTrue(victim.waitFor(30, TimeUnit.SECONDS));

            stopBroker();
            startBroker();

            b.down.set(true);
            b.stop();
            b.start();
            b.awaitServing(Duration.ofMinutes(3));
            b.down.set(false);

            Instant deadline = Instant.now().plus(OUTCOMES);
            while (!outcomesOf(ids).keySet().containsAll(ids)) {
                if (Instant.now().isAfter(deadline)) {
                    fail("requests without an outcome after " + OUTCOMES + ": " + ids.stream()
                            .filter(id -> !outcomesOf(ids).containsKey(id)).toList() + logs());
                }
                TimeUnit.MILLISECONDS.sleep(500); // paces the poll; the loop ends on the condition or the deadline
            }
            long newest = ids.size();
            a.awaitVersion(newest, Duration.ofMinutes(1));
            b.awaitVersion(newest, Duration.ofMinutes(1));
            load.close();

            // Exactly one outcome per request, each a publication, of distinct versions 1..N.
            Map<String, List<JsonNode>> outcomes = outcomesOf(ids);
            for (String id : ids) {
                assertEquals(1, outcomes.get(id).size(), "outcomes of " + id + ": " + outcomes.get(id));
                assertEquals("ganforge.training.published", outcomes.get(id).get(0).path("type").asText(),
                        outcomes.get(id).toString());
            }
            List<Long> published = ids.stream().map(id -> outcomes.get(id).get(0).path("data").path("version")
                    .asLong()).toList();
            Set<Long> expected = new TreeSet<>();
            for (long v = 1; v <= newest; v++) {
                expected.add(v);
            }
            assertEquals(expected, new TreeSet<>(published), "published versions " + published);
            // Both replicas know exactly these versions and serve the same, newest one.
            for (Replica replica : List.of(a, b)) {
                JsonNode model = replica.model();
                Set<Long> versions = new TreeSet<>();
                model.path("versions").forEach(v -> versions.add(v.path("version").asLong()));
                assertEquals(expected, versions, replica.name + ": " + model);
                assertEquals(newest, model.path("activeVersion").asLong(), replica.name + ": " + model);
            }
            String figures = "samples: a " + a.ok + " ok / " + a.failed + " failed; b " + b.ok + " ok / " + b.failed
                    + " failed outside its restart, " + b.failedWhileDown + " while down";
            System.out.println("chaos run: " + ids.size() + " requests, " + figures);
            assertEquals(0, a.failed.get(), figures);
            assertEquals(0, b.failed.get(), figures);
            assertTrue(a.ok.get() > 0 && b.ok.get() > 0, figures);
        }
    }

    /** Sends a request with {@code ganforge retrain} (following it when asked) and returns its id. */
    private String retrain(int seed, boolean follow) throws Exception {
        String name = "retrain-" + seed;
        List<String> args = new ArrayList<>(List.of("retrain", "--model", MODEL, "--arch", "curves", "--dataset",
                "curves", "--steps", Integer.toString(STEPS), "--seed", Integer.toString(seed), "--set",
                "checkpoint-every=" + Math.max(1, STEPS / 20), "--set", "batch-size=32", "--bootstrap", bootstrap));
        if (follow) {
            args.addAll(List.of("--follow", "--timeout", "4m"));
        }
        assertEquals(0, run(name, Duration.ofMinutes(5), args.toArray(String[]::new)), log(name));
        return Files.readAllLines(dir.resolve(name + ".log")).stream().filter(l -> l.matches("[0-9a-f-]{36}"))
                .findFirst().orElseThrow(() -> new AssertionError("no request id printed: " + log(name)));
    }

    /** Outcome events per request id, read from the events topic with kcat (a client that shares no code). */
    private Map<String, List<JsonNode>> outcomesOf(List<String> ids) {
        return events().stream()
                .filter(e -> Set.of("ganforge.training.published", "ganforge.training.rejected",
                        "ganforge.training.refused", "ganforge.training.failed").contains(e.path("type").asText()))
                .filter(e -> ids.contains(e.path("subject").asText()))
                .collect(Collectors.groupingBy(e -> e.path("subject").asText()));
    }

    /** The pid of the worker that holds one of {@code ids} (its run dir's lock) while training has begun. */
    private long awaitTraining(Path runs, List<String> ids, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            for (String id : ids) {
                Optional<Long> holder = lockHolder(runs.resolve(id + ".lock"));
                if (holder.isPresent() && Files.isDirectory(runs.resolve(id).resolve("checkpoints"))) {
                    return holder.get();
                }
            }
            if (Instant.now().isAfter(deadline)) {
                fail("no request was training within " + timeout + logs());
            }
            TimeUnit.MILLISECONDS.sleep(50); // paces the poll
        }
    }

    private List<JsonNode> events() {
        try {
            Process kcat = new ProcessBuilder("kcat", "-b", bootstrap, "-t", "ganforge.training.events", "-C", "-e",
                    "-q", "-f", "%s\\n").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            kcat.waitFor(30, TimeUnit.SECONDS);
            List<JsonNode> events = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (line.startsWith("{")) {
                    events.add(JSON.readTree(line));
                }
            }
            return events;
        } catch (IOException e) {
            return List.of(); // the broker is restarting: nothing readable this time
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** The process holding the fcntl lock on {@code file}, from /proc/locks (pid and inode per lock). */
    private static Optional<Long> lockHolder(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        long inode = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
        for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
            String[] f = line.trim().split("\\s+");
            // 1: POSIX  ADVISORY  WRITE 12345 08:01:1234567 0 EOF
            if (f.length >= 6 && f[1].equals("POSIX") && f[5].endsWith(":" + inode)) {
                return Optional.of(Long.parseLong(f[4]));
            }
        }
        return Optional.empty();
    }

    /**
     * The start script gives up when the broker has not answered within 30 s, which a saturated machine can make
     * happen; starting again is idempotent and waits for the broker already on its way up.
     */
    private void startBroker() throws Exception {
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

    private void stopBroker() throws Exception {
        Process stop = new ProcessBuilder(root.resolve("deploy/local/kafka").toString(), "stop", "--port",
                Integer.toString(kafkaPort)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect
                .appendTo(dir.resolve("broker.log").toFile())).start();
        assertTrue(stop.waitFor(3, TimeUnit.MINUTES) && stop.exitValue() == 0, "broker stop: " + log("broker"));
    }

    private Path key() {
        return dir.resolve("keys/ganforge-signing.key");
    }

    private Process ganforge(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("ganforge").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().put("GANFORGE_HOME", dir.resolve("home").toString());
        builder.environment().put("GANFORGE_THREADS", "1");
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private int run(String name, Duration timeout, String... args) throws Exception {
        Process process = ganforge(name, args);
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("ganforge " + String.join(" ", args) + " did not finish within " + timeout + ": " + log(name));
        }
        return process.exitValue();
    }

    private String log(String name) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(name + ".log"));
            return "\n--- " + name + " (last 30 lines)\n" + String.join("\n",
                    lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "\n--- " + name + ": no log";
        }
    }

    private String logs() {
        return log("w1") + log("w2") + log("service-a") + log("service-b");
    }


    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** One generator-service process on its own port, and what the load client saw of it. */
    private final class Replica {

        final String name;
        final int port;
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong failedWhileDown = new AtomicLong();
        private Process process;

        Replica(String name, int port) {
            this.name = name;
            this.port = port;
        }

        void start() throws IOException {
            Path jar = root.resolve("generator-service/target/quarkus-app/quarkus-run.jar");
            assertTrue(Files.exists(jar), "build the service first: " + jar);
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx512m", "-jar", jar.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("service-" + name + ".log").toFile()));
            builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
            builder.environment().put("GANFORGE_TRUST_PUBLIC_KEY_FILES", dir.resolve("keys/ganforge-signing.pub")
                    .toString());
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            process = builder.start();
            processes.add(process);
        }

        void stop() throws InterruptedException {
            process.destroy(); // SIGTERM: a rolling restart
            assertTrue(process.waitFor(1, TimeUnit.MINUTES), name + " did not stop");
        }

        HttpResponse<String> sample() throws IOException, InterruptedException {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/models/"
                    + MODEL + "/samples?count=1&format=json")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        JsonNode model() throws IOException, InterruptedException {
            return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/models/" + MODEL)).build(), HttpResponse.BodyHandlers.ofString()).body());
        }

        void awaitServing(Duration timeout) throws Exception {
            awaitVersion(1, timeout);
        }

        /** Until a sample comes from {@code version} or newer. */
        void awaitVersion(long version, Duration timeout) throws Exception {
            Instant deadline = Instant.now().plus(timeout);
            while (true) {
                try {
                    HttpResponse<String> response = sample();
                    if (response.statusCode() == 200 && Long.parseLong(response.headers()
                            .firstValue("X-Model-Version").orElse("0")) >= version) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (Instant.now().isAfter(deadline)) {
                    fail("replica " + name + " serves no version " + version + " within " + timeout + logs());
                }
                TimeUnit.MILLISECONDS.sleep(100); // paces the poll
            }
        }
    }

    /** One client thread per replica, drawing a sample after another until closed. */
    private static final class Load implements AutoCloseable {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Load(List<Replica> replicas) {
            for (Replica replica : replicas) {
                Thread thread = new Thread(() -> {
                    while (running.get()) {
                        boolean down = replica.down.get();
                        boolean good;
                        try {
                            good = replica.sample().statusCode() == 200;
                        } catch (IOException e) {
                            good = false;
                        } catch (InterruptedException e) {
                            return;
                        }
                        if (good) {
                            replica.ok.incrementAndGet();
                        } else if (down || replica.down.get()) {
                            replica.failedWhileDown.incrementAndGet();
                        } else {
                            replica.failed.incrementAndGet();
                        }
                    }
                }, "load-" + replica.name);
                thread.start();
                threads.add(thread);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
    }
}
