package dev.ganforge.trainer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ganforge.trainer.cli.GanforgeCommand;
import dev.ganforge.shared.event.CloudEvent;
import dev.ganforge.shared.event.EventTypes;
import dev.ganforge.shared.event.RetrainRequest;
import dev.ganforge.shared.event.TrainingAccepted;
import dev.ganforge.shared.event.TrainingFailed;
import dev.ganforge.shared.event.TrainingPublished;
import dev.ganforge.shared.event.TrainingRefused;
import dev.ganforge.shared.event.TrainingRejected;
import dev.ganforge.shared.contract.ModelRecord;
import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.onnx.OnnxModelReader;
import dev.ganforge.shared.signing.ModelVerifier;
import dev.ganforge.trainer.data.DatasetCatalog;
import dev.ganforge.trainer.evaluate.ClassifierStore;
import dev.ganforge.trainer.evaluate.ClassifierTrainer;
import dev.ganforge.trainer.evaluate.ModelEvaluator;
import dev.ganforge.trainer.export.OnnxExporter;
import dev.ganforge.trainer.train.GanTrainer;
import dev.ganforge.trainer.train.MnistDigits;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import dev.ganforge.trainer.train.RunDirectory;
import java.time.Instant;
import java.time.Clock;
import java.util.Optional;
import dev.ganforge.shared.signing.Sha256;
import dev.ganforge.shared.testing.LocalKafkaBroker;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker against a real broker; requests come from kcat (an outside Kafka client) and from our sender. */
class RetrainWorkerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @AutoClose
    private static final LocalKafkaBroker broker = LocalKafkaBroker.start();
    private static final KafkaConnection kafka = new KafkaConnection(broker.bootstrapServers());

    @TempDir
    Path state;

    private final ScriptedJob job = new ScriptedJob();
    private final List<RunningWorker> workers = new ArrayList<>();
    private TrainingEventsProbe events;

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
        TrainingPublished first = events.awaitOutcome(EventTypes.PUBLISHED, "req-kcat-1", DEADLINE)
                .dataAs(TrainingPublished.class);

        kcat("kcat-model", request); // delivered twice: must not run twice
        kcat("junk", "this is { not json");
        kcat("kcat-model", requestJson("req-kcat-2", "kcat-model", 8));
        TrainingPublished second = events.awaitOutcome(EventTypes.PUBLISHED, "req-kcat-2", DEADLINE)
                .dataAs(TrainingPublished.class);

        assertEquals(1, first.version());
        assertFalse(first.unchanged());
        assertEquals(Map.of("curveFitFraction", 0.75), first.metrics());
        assertEquals(2, second.version());
        List<PublishedModel> listed = new ModelCatalog(kafka).list("kcat-model");
        assertEquals(List.of(first.sha256(), second.sha256()), listed.stream().map(PublishedModel::sha256).toList());
        assertEquals(Sha256.hex("onnx:kcat-model:curves:curves:7".getBytes(StandardCharsets.UTF_8)), first.sha256());

        // One partition per key, handled in order: req-kcat-2's outcome means the duplicate was handled.
        assertEquals(2, job.runsOf("kcat-model"), "the duplicate was not trained again");
        assertEquals(List.of(EventTypes.ACCEPTED, EventTypes.PROGRESS, EventTypes.PUBLISHED),
                events.about("req-kcat-1").stream().map(CloudEvent::type).distinct().toList());
        assertEquals(1, events.about("req-kcat-1").stream()
                .filter(e -> e.type().equals(EventTypes.ACCEPTED)).count());
        TrainingRejected junk = events.await(e -> e.type().equals(EventTypes.REJECTED)
                        && e.dataAs(TrainingRejected.class).requestId() == null, DEADLINE, "rejection of the junk")
                .dataAs(TrainingRejected.class);
        assertTrue(junk.record().matches(Pattern.quote(Topics.RETRAIN_REQUESTS) + "-[0-9]+@[0-9]+"), junk.record());
        assertTrue(junk.reasons().get(0).startsWith("not a JSON CloudEvent"), junk.reasons().toString());
    }

    @Test
    void workerKeepingTheNewestVersionsRemovesOlderOnesAndSaysSoInItsPublishedEvent() throws Exception {
        startWorker(state, "group-retention", job, PublishGate.OPEN, Heartbeat.NONE, VersionRetention.newest(2));
        List<TrainingPublished> published = new ArrayList<>();
        for (int seed = 1; seed <= 3; seed++) {
            String id = "req-retained-" + seed;
            kcat("retained-model", requestJson(id, "retained-model", seed));
            published.add(events.awaitOutcome(EventTypes.PUBLISHED, id, DEADLINE).dataAs(TrainingPublished.class));
        }

        assertEquals(List.of(1L, 2L, 3L), published.stream().map(TrainingPublished::version).toList());
        assertEquals(List.of(List.of(), List.of(), List.of(1L)),
                published.stream().map(TrainingPublished::removedVersions).toList());
        assertEquals(List.of(2L, 3L), new ModelCatalog(kafka).list("retained-model").stream()
                .map(PublishedModel::version).toList());
        String json = events.about("req-retained-1").stream().filter(e -> e.type().equals(EventTypes.PUBLISHED))
                .findFirst().orElseThrow().toJson();
        assertFalse(json.contains("removedVersions"), "nothing removed, nothing said: " + json);
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

        TrainingRejected badData = events.awaitOutcome(EventTypes.REJECTED, "req-bad-1", DEADLINE)
                .dataAs(TrainingRejected.class);
        TrainingRejected badType = events.awaitOutcome(EventTypes.REJECTED, "req-bad-2", DEADLINE)
                .dataAs(TrainingRejected.class);
        events.awaitOutcome(EventTypes.PUBLISHED, "req-good-1", DEADLINE);

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

        TrainingPublished heldOutcome = events.awaitOutcome(EventTypes.PUBLISHED, held, DEADLINE)
                .dataAs(TrainingPublished.class);
        events.awaitOutcome(EventTypes.PUBLISHED, queued, DEADLINE);
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

        RunningWorker second = startWorker(state, "group-resume");
        events.awaitOutcome(EventTypes.PUBLISHED, id, DEADLINE);
        second.stop();
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
        events.awaitOutcome(EventTypes.PUBLISHED, sentinel, DEADLINE);
        assertEquals(2, job.runsOf("resumable"), "one interrupted run, one resumed run, none by the fresh worker");
        assertEquals(1, events.about(id).stream().filter(e -> e.type().equals(EventTypes.PUBLISHED)).count());
        assertTrue(Files.readAllLines(freshState.resolve("processed-requests.txt")).contains(id));
    }

    /**
     * Two workers handed the same request at once (here: two groups, so each gets every record; in one group,
     * a rebalance while the first still trains) share the run dirs: the second waits for the first's claim,
     * then finds its outcome on the events topic, skips the request and commits it.
     */
    @Test
    void twoWorkersHandedTheSameRequestTrainAndPublishItOnce() throws Exception {
        ScriptedJob.Hold hold = job.hold("contended");
        Path runs = state.resolve("shared-runs");
        startWorker(new WorkerSettings("group-contended-a", state.resolve("a"), runs, Duration.ofSeconds(1),
                "urn:test:a"), job, PublishGate.OPEN, Heartbeat.NONE, VersionRetention.ALL);
        String id;
        try (RetrainRequestSender sender = new RetrainRequestSender(kafka)) {
            id = sender.send(request("contended", 1));
        }
        assertTrue(hold.started().await(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        startWorker(new WorkerSettings("group-contended-b", state.resolve("b"), runs, Duration.ofSeconds(1),
                "urn:test:b"), job, PublishGate.OPEN, Heartbeat.NONE, VersionRetention.ALL);
        long end = endOffset();
        // Once b holds the partition it takes the contended request and waits on a's claim; released, a publishes
        // and b, finding the outcome, skips the request and commits it.
        Instant joined = Instant.now().plus(DEADLINE);
        while (!assigned("group-contended-b")) {
            assertTrue(Instant.now().isBefore(joined), "worker b did not join its group");
            events.await(e -> false, Duration.ofMillis(200), "nothing", false); // paces the check
        }
        hold.released().countDown();
        events.awaitOutcome(EventTypes.PUBLISHED, id, DEADLINE);
        Instant deadline = Instant.now().plus(DEADLINE);
        while (committedOffset("group-contended-b") < end) {
            assertTrue(Instant.now().isBefore(deadline), "worker b did not get past the contended request");
            events.await(e -> false, Duration.ofMillis(200), "nothing", false); // paces the check
        }

        assertEquals(1, job.runsOf("contended"), "trained once");
        assertEquals(1, events.about(id).stream().filter(e -> EventTypes.OUTCOMES.contains(e.type())).count());
        assertEquals(List.of(1L), new ModelCatalog(kafka).list("contended").stream()
                .map(PublishedModel::version).toList());
    }

    /**
     * Two workers of one group on the partitioned requests topic: each holds partitions of its own, both train at
     * the same time, and every request is trained and published once, by one of them.
     */
    @Test
    void twoWorkersOfOneGroupTrainSideBySideOnThePartitionedRequestsTopic() throws Exception {
        String group = "group-side-by-side";
        Path runs = state.resolve("side-runs");
        for (String worker : List.of("a", "b")) {
            startWorker(new WorkerSettings(group, state.resolve(worker), runs, Duration.ofSeconds(1),
                    "urn:test:side-" + worker), job, PublishGate.OPEN, Heartbeat.NONE, VersionRetention.ALL);
        }
        Instant joined = Instant.now().plus(DEADLINE);
        while (membersAssigned(group) < 2) {
            assertTrue(Instant.now().isBefore(joined), "both workers hold partitions");
            events.await(e -> false, Duration.ofMillis(200), "nothing", false); // paces the check
        }
        // One request on every partition, each held in training until released.
        List<ScriptedJob.Hold> holds = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("test-side-by-side"))) {
            for (int partition = 0; partition < Topics.RETRAIN_REQUEST_PARTITIONS; partition++) {
                String model = "side-" + partition;
                holds.add(job.hold(model));
                String id = "req-side-" + partition;
                ids.add(id);
                producer.send(new ProducerRecord<>(Topics.RETRAIN_REQUESTS, partition, model,
                        requestJson(id, model, partition).getBytes(StandardCharsets.UTF_8))).get();
            }
        }

        Instant bothTraining = Instant.now().plus(DEADLINE);
        while (holds.stream().filter(hold -> hold.started().getCount() == 0).count() < 2) {
            assertTrue(Instant.now().isBefore(bothTraining), "two requests in training at once");
            events.await(e -> false, Duration.ofMillis(200), "nothing", false); // paces the check
        }
        holds.forEach(hold -> hold.released().countDown());
        Set<String> trainedBy = new HashSet<>();
        for (String id : ids) {
            events.awaitOutcome(EventTypes.PUBLISHED, id, DEADLINE);
            events.about(id).stream().filter(e -> e.type().equals(EventTypes.ACCEPTED))
                    .forEach(accepted -> trainedBy.add(accepted.source()));
        }

        assertEquals(Set.of("urn:test:side-a", "urn:test:side-b"), trainedBy);
        for (int partition = 0; partition < Topics.RETRAIN_REQUEST_PARTITIONS; partition++) {
            assertEquals(1, job.runsOf("side-" + partition), "trained once");
            assertEquals(List.of(1L), new ModelCatalog(kafka).list("side-" + partition).stream()
                    .map(PublishedModel::version).toList());
        }
    }

    /**
     * A worker killed after publishing but before its outcome event left the trained model staged in the run
     * dir; the next attempt publishes those bytes, which the publisher recognises: the version the first attempt
     * made, not a second one, and no training.
     */
    @Test
    void modelStagedByAnAttemptThatDiedAfterPublishingIsNotPublishedTwice() throws Exception {
        String id = "req-staged-1";
        RetrainRequest request = request("staged", 5);
        TrainedModel trained = job.run(request, state.resolve("elsewhere"), (epoch, step, total, losses, ips) -> { });
        WorkerSettings settings = new WorkerSettings("group-staged", state, Duration.ofSeconds(1), "urn:test:s");
        StagedModel.write(settings.runDir(id), trained);
        try (ModelPublisher first = new ModelPublisher(kafka, ModelPublishingTest.signer())) {
            assertEquals(1, first.publish("staged", trained.onnx(), trained.metadata()).version());
        }
        int runsBefore = job.runsOf("staged");

        startWorker(settings, job, PublishGate.OPEN, Heartbeat.NONE, VersionRetention.ALL);
        kcat("staged", request.toEvent("urn:test:kcat").withId(id).toJson());
        TrainingPublished published = events.awaitOutcome(EventTypes.PUBLISHED, id, DEADLINE)
                .dataAs(TrainingPublished.class);

        assertEquals(1, published.version());
        assertEquals(runsBefore, job.runsOf("staged"), "not trained again");
        assertEquals(List.of(1L), new ModelCatalog(kafka).list("staged").stream()
                .map(PublishedModel::version).toList());
    }

    @Test
    void qualityGateRefusesAModelClearlyWorseThanTheNewestVersion() throws Exception {
        startWorker(state, "group-gate", job, new QualityPublishGate(0.1));
        String good;
        String worse;
        String slightlyWorse;
        try (RetrainRequestSender sender = new RetrainRequestSender(kafka)) {
            good = sender.send(gated(1, "0.90"));
            worse = sender.send(gated(2, "0.50"));
            slightlyWorse = sender.send(gated(3, "0.85"));
        }

        events.awaitOutcome(EventTypes.PUBLISHED, good, DEADLINE);
        TrainingRefused refused = events.awaitOutcome(EventTypes.PUBLISH_REFUSED, worse, DEADLINE)
                .dataAs(TrainingRefused.class);
        TrainingPublished within = events.awaitOutcome(EventTypes.PUBLISHED, slightlyWorse, DEADLINE)
                .dataAs(TrainingPublished.class);

        assertEquals(new TrainingRefused(worse, "gated", 1, "curveFitFraction", 0.5, 0.9, 0.1, refused.limit(),
                refused.reason()), refused);
        assertEquals(0.81, refused.limit(), 1e-9);
        assertTrue(refused.reason().startsWith("curve fit fraction 0.5000 is worse than"), refused.reason());
        assertEquals(2, within.version(), "the refused model took no version");
        assertEquals(List.of(1L, 2L), new ModelCatalog(kafka).list("gated").stream()
                .map(PublishedModel::version).toList());
    }

    @Test
    void retrainWaitFollowsTheRequestToItsVersionOrSaysWhyNot() throws Exception {
        startWorker(state, "group-wait", job, new QualityPublishGate(0.1));
        String[] base = {"retrain", "--model", "waited", "--arch", "curves", "--dataset", "curves", "--epochs", "1",
            "--bootstrap", broker.bootstrapServers(), "--wait", "--timeout", "2m"};

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GanforgeCommand.execute(new PrintWriter(out), new PrintWriter(err),
                concat(base, "--seed", "1", "--set", "fit=0.9"));
        assertEquals(0, code, err.toString());
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.get(1).startsWith("accepted: curves on curves"), out.toString());
        String bar = "\\[#+\\.*] +\\d+%  step \\d+/20  epoch 1  d 0\\.\\d{4}  g .*";
        assertTrue(lines.stream().anyMatch(l -> l.matches(bar)), "progress bars: " + out);
        assertEquals("published waited version 1", lines.get(lines.size() - 1));

        StringWriter refusedOut = new StringWriter();
        StringWriter refusedErr = new StringWriter();
        int refused = GanforgeCommand.execute(new PrintWriter(refusedOut), new PrintWriter(refusedErr),
                concat(base, "--seed", "2", "--set", "fit=0.5"));
        assertEquals(1, refused, refusedOut.toString());
        assertTrue(refusedErr.toString().contains("was not published: refused by the quality gate: curve fit"),
                refusedErr.toString());
        assertEquals(1, refusedErr.toString().lines().count(), "one line: " + refusedErr);
    }

    private static String[] concat(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static RetrainRequest gated(long seed, String fit) {
        return new RetrainRequest("gated", "curves", "curves", 1, null, seed, Map.of("fit", fit));
    }

    @Test
    void curvesRequestFromKcatIsTrainedWithDjlExportedAndPublished() throws Exception {
        DatasetCatalog datasets = new DatasetCatalog(state.resolve("home"));
        ModelEvaluator evaluator = new ModelEvaluator(datasets, new ClassifierStore(state.resolve("home"),
                new ClassifierTrainer(ClassifierTrainer.Budget.DEFAULT, line -> { }), line -> { }));
        RetrainJob real = new DjlRetrainJob(new GanTrainer(datasets), evaluator,
                new OnnxExporter(Clock.systemUTC(), "test"));
        startWorker(state, "group-real", real, new QualityPublishGate(0.1));
        String request = new RetrainRequest("real-curves", "curves", "curves", null, 200L, 5L,
                Map.of("batch-size", "32")).toEvent("urn:test:kcat").withId("req-real-1").toJson();

        kcat("real-curves", request);
        TrainingPublished published = events.awaitOutcome(EventTypes.PUBLISHED, "req-real-1", Duration.ofMinutes(4))
                .dataAs(TrainingPublished.class);

        ModelRecord record = new ModelCatalog(kafka).fetch("real-curves", published.version()).orElseThrow();
        assertEquals(Optional.empty(), record.verify(new ModelVerifier(List.of(ModelPublishingTest.publicKey()))));
        ModelMetadata metadata = OnnxModelReader.read(record.bytes()).ganforgeMetadata();
        assertEquals("real-curves", metadata.name());
        assertEquals("curves", metadata.architecture());
        assertEquals(200, metadata.step());
        assertEquals(published.sha256(), Sha256.hex(record.bytes()));
        assertTrue(events.about("req-real-1").stream().anyMatch(e -> e.type().equals(EventTypes.PROGRESS)));
        assertTrue(metadata.metrics().containsKey("curveFitFraction"), "evaluated: " + metadata.metrics());
        assertEquals(metadata.metrics(), published.metrics());
        evaluator.close();
    }

    @Test
    void aHyperparameterTheTrainerCannotReadIsRejectedWithTheWordsOfTheCommandLine() throws Exception {
        RetrainJob real = realJobWithoutEvaluation();
        startWorker(state, "group-bad-hyperparameter", real, PublishGate.OPEN);
        String id;
        try (RetrainRequestSender sender = new RetrainRequestSender(kafka)) {
            id = sender.send(new RetrainRequest("typo-curves", "curves", "curves", null, 20L, 1L,
                    Map.of("lr-g", "fast")));
        }
        TrainingRejected rejected = events.awaitOutcome(EventTypes.REJECTED, id, DEADLINE)
                .dataAs(TrainingRejected.class);
        assertEquals(List.of("Invalid value for option '--lr-g': 'fast' is not a float"), rejected.reasons());
        assertTrue(events.about(id).stream().noneMatch(e -> e.type().equals(EventTypes.ACCEPTED)));
    }

    @Test
    void aRequestWhoseTrainingDivergesFailsWithTheTrainersWordsAndTheWorkerGoesOn() throws Exception {
        RetrainJob real = realJobWithoutEvaluation();
        startWorker(state, "group-diverging", real, PublishGate.OPEN);
        String diverging;
        String sound;
        try (RetrainRequestSender sender = new RetrainRequestSender(kafka)) {
            diverging = sender.send(new RetrainRequest("diverging-curves", "curves", "curves", null, 400L, 7L,
                    Map.of("lr-g", "1e18", "lr-d", "1e18")));
            sound = sender.send(new RetrainRequest("diverging-curves", "curves", "curves", null, 20L, 1L, Map.of()));
        }
        TrainingFailed failed = events.awaitOutcome(EventTypes.FAILED, diverging, DEADLINE)
                .dataAs(TrainingFailed.class);
        assertTrue(failed.error().contains("training diverged at iteration"), failed.error());
        events.awaitOutcome(EventTypes.PUBLISHED, sound, DEADLINE);
    }

    @Test
    void realTrainingStoppedMidwayResumesFromItsCheckpointWhenTheWorkerRestarts() throws Exception {
        RetrainJob real = realJobWithoutEvaluation();
        RunningWorker first = startWorker(state, "group-real-resume", real, PublishGate.OPEN);
        String id;
        try (RetrainRequestSender sender = new RetrainRequestSender(kafka)) {
            id = sender.send(new RetrainRequest("resumed-curves", "curves", "curves", null, 200L, 9L,
                    Map.of("checkpoint-every", "20", "batch-size", "32")));
        }
        RunDirectory runDir = new RunDirectory(new WorkerSettings("g", state, Duration.ZERO, "s").runDir(id));
        Instant deadline = Instant.now().plus(DEADLINE);
        while (runDir.latestCheckpoint().isEmpty()) {
            assertTrue(Instant.now().isBefore(deadline), "no checkpoint within " + DEADLINE);
            CloudEvent early = events.await(e -> id.equals(e.subject()) && EventTypes.OUTCOMES.contains(e.type()),
                    Duration.ofMillis(100), "an early outcome", false);
            assertNull(early, () -> "ended before a checkpoint: " + early.data());
        }
        first.stop();
        assertTrue(events.about(id).stream().noneMatch(e -> EventTypes.OUTCOMES.contains(e.type())));

        startWorker(state, "group-real-resume", real, PublishGate.OPEN);
        TrainingPublished published = events.awaitOutcome(EventTypes.PUBLISHED, id, Duration.ofMinutes(4))
                .dataAs(TrainingPublished.class);

        assertEquals(List.of(false, true), events.about(id).stream()
                .filter(e -> e.type().equals(EventTypes.ACCEPTED))
                .map(e -> e.dataAs(TrainingAccepted.class).resumed()).toList());
        ModelRecord record = new ModelCatalog(kafka).fetch("resumed-curves", published.version()).orElseThrow();
        assertEquals(200, record.metadata().step(), "the resumed run finished the requested steps");
    }

    /**
     * Issue 28: a worker trains request after request in one process, so whatever a job leaves attached to the
     * engine accumulates. Counted over every manager of the process (the engine's system manager and all below
     * it) once each job's outcome is out, when the worker holds nothing for it any more.
     */
    @Test
    void threeConsecutiveRealJobsLeaveNoNativeArraysBehind() throws Exception {
        RetrainJob real = new DjlRetrainJob(new GanTrainer(MnistDigits.catalog()), null,
                new OnnxExporter(Clock.systemUTC(), "test"));
        startWorker(state, "group-memory", real, PublishGate.OPEN);
        List<Integer> liveAfterJob = new ArrayList<>();
        try (RetrainRequestSender sender = new RetrainRequestSender(kafka)) {
            for (int seed = 1; seed <= 3; seed++) {
                String id = sender.send(new RetrainRequest("memory-cdcgan", "cdcgan", "mnist", null, 6L, (long) seed,
                        Map.of("batch-size", "8", "limit", "256", "d-pretrain-steps", "1")));
                events.awaitOutcome(EventTypes.PUBLISHED, id, Duration.ofMinutes(4));
                liveAfterJob.add(liveArraysInProcess());
            }
        }
        // The first job may leave engine-wide state it creates once; the jobs after it add nothing.
        assertTrue(liveAfterJob.get(1) <= liveAfterJob.get(0) && liveAfterJob.get(2) <= liveAfterJob.get(1),
                "live native arrays after each job: " + liveAfterJob);
    }

    /** The requests topic's end offsets, summed over its partitions. */
    private static long endOffset() throws Exception {
        try (Admin admin = Admin.create(kafka.admin("test-offsets"))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int partition = 0; partition < Topics.RETRAIN_REQUEST_PARTITIONS; partition++) {
                latest.put(new TopicPartition(Topics.RETRAIN_REQUESTS, partition), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        }
    }

    /** Members of {@code group} holding at least one partition. */
    private static long membersAssigned(String group) throws Exception {
        try (Admin admin = Admin.create(kafka.admin("test-groups"))) {
            return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().members().stream()
                    .filter(member -> !member.assignment().topicPartitions().isEmpty()).count();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0; // not joined yet
            }
            throw e;
        }
    }

    private static boolean assigned(String group) throws Exception {
        return membersAssigned(group) > 0;
    }

    /** {@code group}'s committed offsets on the requests topic, summed over its partitions. */
    private static long committedOffset(String group) throws Exception {
        try (Admin admin = Admin.create(kafka.admin("test-offsets"))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(entry -> entry.getKey().topic().equals(Topics.RETRAIN_REQUESTS))
                    .mapToLong(entry -> entry.getValue() == null ? 0 : entry.getValue().offset()).sum();
        }
    }

    private static int liveArraysInProcess() {
        try (NDManager probe = NDManager.newBaseManager()) {
            return ((BaseNDManager) probe.getParentManager()).getManagedArrays().size();
        }
    }

    @Test
    void heartbeatFileIsRewrittenWhileIdleAndWhileARequestTrains() throws Exception {
        ScriptedJob.Hold hold = job.hold("long");
        Path file = state.resolve("heartbeat/worker.heartbeat");
        Files.createDirectories(file.getParent());
        startWorker(state, "group-heartbeat", job, PublishGate.OPEN,
                new HeartbeatFile(file, Duration.ofMillis(50), Clock.systemUTC()));

        awaitHeartbeats(file, "while idle");
        String id;
        try (RetrainRequestSender sender = new RetrainRequestSender(kafka)) {
            id = sender.send(request("long", 1));
        }
        assertTrue(hold.started().await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the request started training");
        awaitHeartbeats(file, "while a request trains");
        assertEquals(1, hold.released().getCount(), "still training");

        hold.released().countDown();
        events.awaitOutcome(EventTypes.PUBLISHED, id, DEADLINE);
        awaitHeartbeats(file, "after the request");
    }

    /**
     * Waits until the file's mtime has moved on twice (once could be a write already under way when we looked),
     * checking every few milliseconds until a deadline.
     */
    private static void awaitHeartbeats(Path file, String when) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        FileTime last = null;
        int moves = 0;
        while (moves < 2) {
            assertTrue(Instant.now().isBefore(deadline), "heartbeat " + when + ": mtime moved " + moves + " times, "
                    + "last " + last);
            FileTime mtime = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
            if (mtime != null && last != null && mtime.compareTo(last) > 0) {
                moves++;
            }
            last = mtime != null ? mtime : last;
            TimeUnit.MILLISECONDS.sleep(10); // paces the check; the loop ends on the condition or the deadline
        }
    }

    private RunningWorker startWorker(Path stateDir, String group) {
        return startWorker(stateDir, group, job, PublishGate.OPEN);
    }

    private RunningWorker startWorker(Path stateDir, String group, RetrainJob retrainJob, PublishGate gate) {
        return startWorker(stateDir, group, retrainJob, gate, Heartbeat.NONE);
    }

    private RunningWorker startWorker(Path stateDir, String group, RetrainJob retrainJob, PublishGate gate,
                                      Heartbeat heartbeat) {
        return startWorker(stateDir, group, retrainJob, gate, heartbeat, VersionRetention.ALL);
    }

    private RunningWorker startWorker(Path stateDir, String group, RetrainJob retrainJob, PublishGate gate,
                                      Heartbeat heartbeat, VersionRetention retention) {
        return startWorker(new WorkerSettings(group, stateDir, Duration.ofSeconds(1), "urn:ganforge:test-worker"),
                retrainJob, gate, heartbeat, retention);
    }

    private RunningWorker startWorker(WorkerSettings settings, RetrainJob retrainJob, PublishGate gate,
                                      Heartbeat heartbeat, VersionRetention retention) {
        ModelPublisher publisher = new ModelPublisher(kafka, ModelPublishingTest.signer(), retention);
        RetrainWorker worker = new RetrainWorker(kafka, retrainJob, publisher, settings, gate, heartbeat);
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

    /** The worker's real DJL job on this test's home, without the evaluator (curves requests need no data). */
    private RetrainJob realJobWithoutEvaluation() {
        return new DjlRetrainJob(new GanTrainer(new DatasetCatalog(state.resolve("home"))), null,
                new OnnxExporter(Clock.systemUTC(), "test"));
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
        private boolean stopped;

        RunningWorker(RetrainWorker worker, ModelPublisher publisher) {
            this.worker = worker;
            this.publisher = publisher;
            this.thread = new Thread(worker::run, "test-worker-" + UUID.randomUUID());
            thread.start();
        }

        void stop() throws InterruptedException {
            if (stopped) {
                return;
            }
            stopped = true;
            worker.close();
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(thread.isAlive(), "worker did not stop");
            publisher.close();
        }
    }
}
