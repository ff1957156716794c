package dev.ganforge.trainer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.shared.contract.ModelRecord;
import dev.ganforge.shared.event.CloudEvent;
import dev.ganforge.shared.event.EventTypes;
import dev.ganforge.shared.event.RetrainRequest;
import dev.ganforge.shared.event.TrainingAccepted;
import dev.ganforge.shared.event.TrainingProgress;
import dev.ganforge.shared.event.TrainingPublished;
import dev.ganforge.shared.testing.LocalKafkaBroker;
import dev.ganforge.trainer.cli.GanforgeCommand;
import dev.ganforge.trainer.train.RunDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real {@code ganforge worker} processes in one consumer group, sharing a runs directory: the one training a
 * request is killed with SIGKILL, the other resumes the request from the checkpoints it left, the broker restarts
 * meanwhile, and every request is published exactly once.
 */
class WorkerFailoverTest {

    private static final Duration DEADLINE = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private LocalKafkaBroker broker;

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void requestOfAWorkerKilledMidTrainingIsResumedByAnotherAndPublishedOnceAcrossABrokerRestart()
            throws Exception {
        broker = LocalKafkaBroker.start();
        KafkaConnection kafka = new KafkaConnection(broker.bootstrapServers());
        Path key = generateKey();
        Path runs = dir.resolve("shared-runs");
        try (TrainingEventsProbe events = new TrainingEventsProbe(kafka)) {
            Process first = startWorker("a", runs, key);
            String interrupted;
            String queued;
            try (RetrainRequestSender sender = new RetrainRequestSender(kafka)) {
                interrupted = sender.send(new RetrainRequest("failover", "curves", "curves", null, 200L, 3L,
                        Map.of("checkpoint-every", "10", "batch-size", "32")));
                queued = sender.send(new RetrainRequest("failover-queued", "curves", "curves", null, 20L, 4L,
                        Map.of("batch-size", "32")));
            }
            RunDirectory runDir = new RunDirectory(new WorkerSettings("g", dir, runs, Duration.ZERO, "s")
                    .runDir(interrupted));
            Instant deadline = Instant.now().plus(DEADLINE);
            while (runDir.latestCheckpoint().isEmpty()) {
                assertTrue(Instant.now().isBefore(deadline), "no checkpoint within " + DEADLINE + log("a"));
                assertTrue(first.isAlive(), "worker a exited" + log("a"));
                events.await(e -> false, Duration.ofMillis(200), "nothing", false); // paces the check
            }
            Process second = startWorker("b", runs, key);
            long checkpointed = progressSteps(events.about(interrupted)).stream().mapToLong(Long::longValue).max()
                    .orElse(0);

            first.destroyForcibly(); // SIGKILL: no shutdown hook, no checkpoint on the way out
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            events.await(e -> interrupted.equals(e.subject()) && e.type().equals(EventTypes.ACCEPTED)
                    && e.dataAs(TrainingAccepted.class).resumed(), DEADLINE, "the request resumed on worker b"
                    + log("b"));
            restartBroker();

            TrainingPublished published = events.awaitOutcome(EventTypes.PUBLISHED, interrupted, DEADLINE)
                    .dataAs(TrainingPublished.class);
            TrainingPublished queuedPublished = events.awaitOutcome(EventTypes.PUBLISHED, queued, DEADLINE)
                    .dataAs(TrainingPublished.class);
            assertTrue(second.isAlive(), log("b"));

            List<CloudEvent> about = events.about(interrupted);
            assertEquals(1, about.stream().filter(e -> EventTypes.OUTCOMES.contains(e.type())).count(), about::toString);
            assertEquals(1, events.about(queued).stream().filter(e -> EventTypes.OUTCOMES.contains(e.type())).count());
            assertEquals(List.of(false, true), about.stream().filter(e -> e.type().equals(EventTypes.ACCEPTED))
                    .map(e -> e.dataAs(TrainingAccepted.class).resumed()).toList());
            // Worker b went on from a checkpoint, not from step 0.
            int resumedAt = indexOfSecondAccepted(about);
            List<Long> afterResume = progressSteps(about.subList(resumedAt, about.size()));
            assertTrue(!afterResume.isEmpty() && afterResume.get(0) > 1, "steps after the resume: " + afterResume
                    + ", before the kill up to " + checkpointed);
            ModelCatalog catalog = new ModelCatalog(kafka);
            assertEquals(List.of(1L), catalog.list("failover").stream().map(PublishedModel::version).toList());
            assertEquals(List.of(1L), catalog.list("failover-queued").stream().map(PublishedModel::version).toList());
            ModelRecord record = catalog.fetch("failover", published.version()).orElseThrow();
            assertEquals(200, record.metadata().step(), "the resumed run finished the requested steps");
            assertEquals(1, queuedPublished.version());
        }
    }

    /**
     * The start script gives up when the broker has not answered within 30 s, which a saturated machine can make
     * happen; starting again is idempotent and waits for the broker already on its way up.
     */
    private void restartBroker() {
        broker.stop();
        try {
            broker.startAgain();
        } catch (IllegalStateException slowToAnswer) {
            broker.startAgain();
        }
    }

    private static int indexOfSecondAccepted(List<CloudEvent> events) {
        int seen = 0;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).type().equals(EventTypes.ACCEPTED) && ++seen == 2) {
                return i;
            }
        }
        throw new AssertionError("no second accepted event: " + events);
    }

    private static List<Long> progressSteps(List<CloudEvent> events) {
        return events.stream().filter(e -> e.type().equals(EventTypes.PROGRESS))
                .map(e -> e.dataAs(TrainingProgress.class).step()).toList();
    }

    private Path generateKey() {
        StringWriter err = new StringWriter();
        Path keys = dir.resolve("keys");
        int code = GanforgeCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
                "keys", "generate", "--out", keys.toString());
        assertEquals(0, code, err.toString());
        return keys.resolve("ganforge-signing.key");
    }

    /** {@code ganforge worker} as its own JVM, from this test's classpath. */
    private Process startWorker(String name, Path runs, Path key) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xmx1g", "-Dai.djl.offline=true",
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                GanforgeCommand.class.getName(), "worker", "--bootstrap", broker.bootstrapServers(),
                "--key", key.toString(), "--no-evaluate", "--threads", "1", "--progress-interval", "0",
                "--group", "failover", "--state-dir", dir.resolve("state-" + name).toString(),
                "--runs-dir", runs.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("worker-" + name + ".log").toFile())
                .start();
        processes.add(process);
        return process;
    }

    private String log(String name) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("worker-" + name + ".log"));
            return "\nworker " + name + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40),
                    lines.size()));
        } catch (IOException e) {
            return " (no log: " + e.getMessage() + ")";
        }
    }
}
