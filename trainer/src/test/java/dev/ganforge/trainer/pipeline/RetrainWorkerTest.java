package dev.ganforge.trainer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ganforge.shared.event.CloudEvent;
import dev.ganforge.shared.event.EventTypes;
import dev.ganforge.shared.event.RetrainRequest;
import dev.ganforge.shared.event.TrainingAccepted;
import dev.ganforge.shared.event.TrainingPublished;
import dev.ganforge.shared.event.TrainingRejected;
import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.signing.Sha256;
import dev.ganforge.shared.testing.LocalKafkaBroker;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker against a real broker; requests come from kcat (an outside Kafka client) and from our sender. */
class RetrainWorkerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private static LocalKafkaBroker broker;
    private static KafkaConnection kafka;

    @TempDir
    Path state;

    private final ScriptedJob job = new ScriptedJob();
    private final List<RunningWorker> workers = new ArrayList<>();
    private TrainingEventsProbe events;

    @BeforeAll
    static void startBroker() {
        broker = LocalKafkaBroker.start();
        kafka = new KafkaConnection(broker.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void watchEvents() {
        events = new TrainingEventsProbe(kafka);
    }

    @AfterEach
    void stopWorkers() throws InterruptedException {
        for (RunningWorker worker : workers) {
            worker.stop();
        }
        events.close();
    }

    @Test
    void requestFromKcatIsTrainedAndPublishedOnceWhileGarbageIsRejected() throws Exception {
        startWorker(state, "group-kcat");
        String request = requestJson("req-kcat-1", "kcat-model", 7);

        kcat("kcat-model", request);
        TrainingPublished first = events.await(EventTypes.PUBLISHED, "req-kcat-1", DEADLINE)
                .dataAs(TrainingPublished.class);

        kcat("kcat-model", request); // delivered twice: must not run twice
        kcat("junk", "this is { not json");
        kcat("kcat-model", requestJson("req-kcat-2", "kcat-model", 8));
        TrainingPublished second = events.await(EventTypes.PUBLISHED, "req-kcat-2", DEADLINE)
                .dataAs(TrainingPublished.class);

        assertEquals(1, first.version());
        assertFalse(first.unchanged());
        assertEquals(Map.of("curveFitFraction", 0.75), first.metrics());
        assertEquals(2, second.version());
        List<PublishedModel> listed = new ModelCatalog(kafka).list("kcat-model");
        assertEquals(List.of(first.sha256(), second.sha256()), listed.stream().map(PublishedModel::sha256).toList());
        assertEquals(Sha256.hex("onnx:kcat-model:curves:curves:7".getBytes(StandardCharsets.UTF_8)), first.sha256());

        // One partition, handled in order: req-kcat-2's outcome means the duplicate and the junk were handled.
        assertEquals(2, job.runsOf("kcat-model"), "the duplicate was not trained again");
        assertEquals(List.of(EventTypes.ACCEPTED, EventTypes.PROGRESS, EventTypes.PUBLISHED),
                events.about("req-kcat-1").stream().map(CloudEvent::type).distinct().toList());
        assertEquals(1, events.about("req-kcat-1").stream()
                .filter(e -> e.type().equals(EventTypes.ACCEPTED)).count());
        TrainingRejected junk = events.await(e -> e.type().equals(EventTypes.REJECTED)
                        && e.dataAs(TrainingRejected.class).requestId() == null, DEADLINE, "rejection of the junk")
                .dataAs(TrainingRejected.class);
        assertTrue(junk.record().startsWith(Topics.RETRAIN_REQUESTS + "-0@"), junk.record());
        assertTrue(junk.reasons().get(0).startsWith("not a JSON CloudEvent"), junk.reasons().toString());
    }

    @Test
    void invalidRequestsAreRejectedWithEveryReason() throws Exception {
        startWorker(state, "group-invalid");
        ObjectNode bad = (ObjectNode) CloudEvent.JSON.readTree(requestJson("req-bad-1", "bad-model", 1));
        ObjectNode data = (ObjectNode) bad.get("data");
        data.put("architecture", "transformer");
        data.remove("epochs");
        data.remove("seed");
        kcat("bad-model", bad.toString());
        ObjectNode wrongType = (ObjectNode) CloudEvent.JSON.readTree(requestJson("req-bad-2", "bad-model", 1));
        wrongType.put("type", "com.example.other");
        kcat("bad-model", wrongType.toString());
        kcat("good-model", requestJson("req-good-1", "good-model", 1));

        TrainingRejected badData = events.await(EventTypes.REJECTED, "req-bad-1", DEADLINE)
                .dataAs(TrainingRejected.class);
        TrainingRejected badType = events.await(EventTypes.REJECTED, "req-bad-2", DEADLINE)
                .dataAs(TrainingRejected.class);
        events.await(EventTypes.PUBLISHED, "req-good-1", DEADLINE);

        assertEquals(3, badData.reasons().size(), badData.reasons().toString());
        assertTrue(badData.reasons().get(0).startsWith("architecture must be one of"), badData.reasons().toString());
        assertEquals(List.of("type must be ganforge.retrain.requested, got com.example.other"), badType.reasons());
        assertEquals(0, job.runsOf("bad-model"));
        assertEquals(1, job.runsOf("good-model"), "the worker kept going after rejecting");
    }

    @Test
    void brokerStoppedAndRestartedDuringTrainingLosesNoRequest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        job.on("held", (request, runDir) -> assertTrue(release.await(2, TimeUnit.MINUTES)));
        startWorker(state, "group-restart");
        String held;
        String queued;
        try (RetrainRequestSender sender = new RetrainRequestSender(kafka)) {
            held = sender.send(request("held", 1));
            queued = sender.send(request("queued", 2));
        }
        events.await(EventTypes.ACCEPTED, held, DEADLINE);

        broker.stop();
        release.countDown(); // training ends while the broker is down: publishing must wait, not fail
        broker.startAgain();

        TrainingPublished heldOutcome = events.await(EventTypes.PUBLISHED, held, DEADLINE)
                .dataAs(TrainingPublished.class);
        events.await(EventTypes.PUBLISHED, queued, DEADLINE);
        assertEquals(1, heldOutcome.version());
        assertEquals(1, new ModelCatalog(kafka).list("held").size());
        assertEquals(1, job.runsOf("held"));
        assertEquals(1, job.runsOf("queued"));
    }

    @Test
    void restartedWorkerResumesFromItsRunDirAndAFreshWorkerSkipsCompletedRequests() throws Exception {
        CountDownLatch checkpointed = new CountDownLatch(1);
        job.on("resumable", (request, runDir) -> {
            Path checkpoint = runDir.resolve("checkpoint-1");
            if (!Files.exists(checkpoint)) {
                Files.writeString(checkpoint, "step 1");
                checkpointed.countDown();
                new CountDownLatch(1).await(); // "trains" until the worker is stopped
            }
        });
        RunningWorker first = startWorker(state, "group-resume");
        String id;
        try (RetrainRequestSender sender = new RetrainRequestSender(kafka)) {
            id = sender.send(request("resumable", 3));
        }
        assertTrue(checkpointed.await(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        first.stop();

        startWorker(state, "group-resume");
        events.await(EventTypes.PUBLISHED, id, DEADLINE);
        List<TrainingAccepted> attempts = events.about(id).stream()
                .filter(e -> e.type().equals(EventTypes.ACCEPTED)).map(e -> e.dataAs(TrainingAccepted.class)).toList();
        assertEquals(List.of(false, true), attempts.stream().map(TrainingAccepted::resumed).toList());

        // A worker with an empty state dir learns completed requests from the events topic.
        Path freshState = state.resolve("elsewhere");
        startWorker(freshState, "group-fresh");
        String sentinel;
        try (RetrainRequestSender sender = new RetrainRequestSender(kafka)) {
            sentinel = sender.send(request("sentinel", 4));
        }
        events.await(EventTypes.PUBLISHED, sentinel, DEADLINE);
        assertEquals(2, job.runsOf("resumable"), "one interrupted run, one resumed run, none by the fresh worker");
        assertEquals(1, events.about(id).stream().filter(e -> e.type().equals(EventTypes.PUBLISHED)).count());
        assertTrue(Files.readAllLines(freshState.resolve("processed-requests.txt")).contains(id));
    }

    private RunningWorker startWorker(Path stateDir, String group) {
        ModelPublisher publisher = new ModelPublisher(kafka, ModelPublishingTest.signer());
        RetrainWorker worker = new RetrainWorker(kafka, job, publisher,
                new WorkerSettings(group, stateDir, Duration.ofSeconds(1), "urn:ganforge:test-worker"));
        RunningWorker running = new RunningWorker(worker, publisher);
        workers.add(running);
        return running;
    }

    private static RetrainRequest request(String model, long seed) {
        return new RetrainRequest(model, "curves", "curves", 1, null, seed, Map.of("batch-size", "16"));
    }

    private static String requestJson(String id, String model, long seed) {
        return request(model, seed).toEvent("urn:test:kcat").withId(id).toJson();
    }

    /** Produces one record with kcat, a Kafka client that shares no code with ours. */
    private static void kcat(String key, String value) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("kcat", "-b", broker.bootstrapServers(), "-t", Topics.RETRAIN_REQUESTS,
                "-P", "-k", key, "-X", "acks=all")
                .redirectErrorStream(true)
                .start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write((value + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "kcat did not finish (is it installed? scripts/prerequisites)");
        assertEquals(0, process.exitValue(), new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8));
    }

    /** A worker on its own thread, stopped and joined at the end of each test. */
    private static final class RunningWorker {

        private final RetrainWorker worker;
        private final ModelPublisher publisher;
        private final Thread thread;

        RunningWorker(RetrainWorker worker, ModelPublisher publisher) {
            this.worker = worker;
            this.publisher = publisher;
            this.thread = new Thread(worker::run, "test-worker-" + UUID.randomUUID());
            thread.start();
        }

        void stop() throws InterruptedException {
            worker.close();
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(thread.isAlive(), "worker did not stop");
            publisher.close();
        }
    }
}
