package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.event.EventTypes;
import dev.ganforge.shared.event.RetrainRequest;
import dev.ganforge.shared.event.TrainingAccepted;
import dev.ganforge.shared.event.TrainingFailed;
import dev.ganforge.shared.event.TrainingProgress;
import dev.ganforge.shared.event.TrainingPublished;
import dev.ganforge.shared.event.TrainingRefused;
import dev.ganforge.shared.event.TrainingRejected;
import dev.ganforge.trainer.evaluate.GateDecision;
import dev.ganforge.trainer.evaluate.QualityGateRefusal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs retrain requests from {@link Topics#RETRAIN_REQUESTS} one at a time.
 *
 * <p>Guarantees: a request's offset is committed only after its outcome event ({@code published},
 * {@code rejected}, {@code refused} or {@code failed}) is on the broker and its id is in the processed store, and a request id
 * with an outcome is never run again — so each request is run at most once to completion even when Kafka
 * delivers it twice, and none is lost when the worker or the broker stops midway. A request interrupted by a
 * stop is delivered again and resumes from its run dir's checkpoints.
 *
 * <p>Training runs on its own thread while this one keeps polling the (paused) consumer, so the group never
 * times the worker out however long training takes. Every turn of that polling beats the {@link Heartbeat}, so
 * it goes quiet only when the loop is stuck or the worker stops or fails, never because a request trains long.
 */
public final class RetrainWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetrainWorker.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration CLAIM_RECHECK = Duration.ofMillis(500);
    /**
     * How long the group waits for a silent member before handing its requests to another worker: the takeover
     * time after a worker is killed. The consumer's own heartbeat thread keeps a live worker in, training or not.
     */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaConnection kafka;
    private final RetrainJob job;
    private final ModelPublisher publisher;
    private final PublishGate gate;
    private final WorkerSettings settings;
    private final TrainingEventWriter events;
    private final OutcomeLog outcomes;
    private final Heartbeat heartbeat;
    private final ExecutorService trainingThread;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile KafkaConsumer<String, byte[]> consumer;

    public RetrainWorker(KafkaConnection kafka, RetrainJob job, ModelPublisher publisher, WorkerSettings settings) {
        this(kafka, job, publisher, settings, PublishGate.OPEN);
    }

    /**
     * @param gate passed to {@link ModelPublisher#publish(String, byte[], dev.ganforge.shared.model.ModelMetadata,
     *             PublishGate)}; a refusal ends the request with a {@code refused} event carrying the figures
     */
    public RetrainWorker(KafkaConnection kafka, RetrainJob job, ModelPublisher publisher, WorkerSettings settings,
                         PublishGate gate) {
        this(kafka, job, publisher, settings, gate, Heartbeat.NONE);
    }

    /** @param heartbeat beaten from the polling loop (this worker's {@link #run()} thread) only */
    public RetrainWorker(KafkaConnection kafka, RetrainJob job, ModelPublisher publisher, WorkerSettings settings,
                         PublishGate gate, Heartbeat heartbeat) {
        this.kafka = kafka;
        this.job = job;
        this.publisher = publisher;
        this.gate = gate;
        this.settings = settings;
        this.heartbeat = heartbeat;
        this.events = new TrainingEventWriter(kafka, settings.source());
        this.outcomes = new OutcomeLog(kafka, new ProcessedRequests(settings.processedRequestsFile()),
                Duration.ofMinutes(2));
        this.trainingThread = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ganforge-training");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Handles requests until {@link #stop()}; returns then, leaving an unfinished request uncommitted. */
    public void run() {
        new TopicProvisioner(kafka).ensureTopics().added()
                .forEach(setting -> LOG.info("added {} (a topic setting newer than the topic)", setting));
        // The topic remembers outcomes even when this worker's state dir is new (another machine, a wiped disk).
        retrying(outcomes::catchUp);
        LOG.info("worker ready: {} request ids already completed", outcomes.size());
        Properties props = kafka.consumer("ganforge-worker", settings.groupId());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        // A worker joining the group leaves the others their partitions (and the requests they are training).
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(SESSION_TIMEOUT.toMillis()));
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(SESSION_TIMEOUT.toMillis() / 3));
        try (KafkaConsumer<String, byte[]> requests = new KafkaConsumer<>(props)) {
            consumer = requests;
            requests.subscribe(List.of(Topics.RETRAIN_REQUESTS));
            RequestsConsumer held = new RequestsConsumer(requests, POLL, this::beat);
            while (!stopping()) {
                ConsumerRecords<String, byte[]> batch = requests.poll(POLL);
                beat();
                for (ConsumerRecord<String, byte[]> record : batch) {
                    if (!handle(held, record)) {
                        return;
                    }
                }
            }
        } catch (WakeupException stopRequested) {
            LOG.info("worker stopped");
        } finally {
            consumer = null;
            outcomes.close();
        }
    }

    /** Asks {@link #run()} to return; an in-flight training is interrupted and will resume on the next run. */
    public void stop() {
        stopSignal.countDown();
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    @Override
    public void close() {
        stop();
        trainingThread.shutdownNow();
        events.close();
    }

    /** @return false when stopping: the record was left uncommitted */
    private boolean handle(RequestsConsumer requests, ConsumerRecord<String, byte[]> record) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        IncomingRequest incoming = IncomingRequest.parse(record.value()).checkedBy(job::problems);
        Runnable work = incoming.valid() ? () -> claimAndProcess(incoming.id(), incoming.request(), where)
                : () -> reject(incoming, where);
        if (!runWhilePolling(requests, work)) {
            return false;
        }
        commit(requests, record);
        return true;
    }

    private void reject(IncomingRequest incoming, String where) {
        // Unreadable requests have no id; their outcome's subject is where they are.
        String subject = incoming.id() != null ? incoming.id() : where;
        if (alreadyCompleted(subject, where)) {
            return;
        }
        LOG.warn("rejecting request {} ({}): {}", incoming.id(), where, incoming.problems());
        retrying(() -> events.write(EventTypes.REJECTED, subject,
                new TrainingRejected(incoming.id(), where, incoming.problems())));
        outcomes.add(subject);
    }

    /** Runs the request unless it has an outcome, holding its claim so that no other worker runs it meanwhile. */
    private void claimAndProcess(String id, RetrainRequest request, String where) {
        if (alreadyCompleted(id, where)) {
            return;
        }
        Path runDir = settings.runDir(id);
        try (RequestClaim claim = RequestClaim.take(runDir, CLAIM_RECHECK,
                () -> LOG.info("request {} ({}): another worker holds it; waiting", id, where))) {
            // Asked again under the claim: the holder we waited for may have finished it.
            if (!alreadyCompleted(id, where)) {
                process(id, request, runDir);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopping();
        }
    }

    /** Asks this worker's record and the events topic as it is now; a duplicate is skipped silently. */
    private boolean alreadyCompleted(String subject, String where) {
        boolean completed = retrying(() -> outcomes.completed(subject));
        if (completed) {
            LOG.info("request {} ({}) already completed; skipping the duplicate", subject, where);
        }
        return completed;
    }

    private void process(String id, RetrainRequest request, Path runDir) {
        Optional<TrainedModel> staged = StagedModel.read(runDir);
        boolean resumed = hasContent(runDir);
        LOG.info("request {}: {} {} on {}{}", id, request.model(), request.architecture(), request.dataset(),
                staged.isPresent() ? " (trained by an earlier attempt; publishing its model)"
                        : resumed ? " (resuming)" : "");
        retrying(() -> events.write(EventTypes.ACCEPTED, id, new TrainingAccepted(id, request.model(),
                request.architecture(), request.dataset(), resumed)));
        TrainedModel model;
        try {
            Files.createDirectories(runDir);
            ProgressSink progress = new ThrottledProgress((epoch, step, totalSteps, losses, imagesPerSecond) ->
                    events.writeLater(EventTypes.PROGRESS, id, new TrainingProgress(id, request.model(), epoch, step,
                            totalSteps, losses, imagesPerSecond)),
                    settings.progressInterval(), Clock.systemUTC());
            if (staged.isPresent()) {
                model = staged.get();
            } else {
                model = job.run(request, runDir, progress);
                StagedModel.write(runDir, model);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopping();
        } catch (Exception | LinkageError e) {
            // LinkageError too: a missing native library or class fails this request, not the worker.
            if (stopping()) {
                throw new Stopping();
            }
            fail(id, request, "training failed: " + describe(e), e);
            return;
        }
        PublishResult result;
        try {
            result = retrying(() -> publisher.publish(request.model(), model.onnx(), model.metadata(), gate));
        } catch (QualityGateRefusal refused) {
            GateDecision d = refused.decision();
            LOG.warn("request {}: not publishing: {}", id, d.reason());
            retrying(() -> events.write(EventTypes.PUBLISH_REFUSED, id, new TrainingRefused(id, request.model(),
                    refused.previousVersion(), d.metric(), d.newValue(), d.previousValue(), d.tolerance(), d.limit(),
                    d.reason())));
            outcomes.add(id);
            return;
        } catch (Stopping e) {
            throw e;
        } catch (RuntimeException e) {
            if (stopping()) {
                throw new Stopping(); // interrupted by our own stop: not an outcome
            }
            fail(id, request, "publishing failed: " + describe(e), e);
            return;
        }
        LOG.info("request {}: {}", id, result.describe());
        retrying(() -> events.write(EventTypes.PUBLISHED, id, new TrainingPublished(id, request.model(),
                result.version(), result.sha256(), result.unchanged(), model.metadata().metrics(),
                result.removed().stream().map(PublishedModel::version).toList())));
        outcomes.add(id);
    }

    private void fail(String id, RetrainRequest request, String error, Throwable cause) {
        LOG.warn("request {}: {}", id, error, cause);
        retrying(() -> events.write(EventTypes.FAILED, id, new TrainingFailed(id, request.model(), error)));
        outcomes.add(id);
    }

    /**
     * Runs {@code work} on the training thread with every assigned partition paused, polling meanwhile so the
     * consumer stays in its group. Records a rebalance hands out meanwhile are rewound, never handled twice.
     *
     * @return false when a stop interrupted the work
     */
    private boolean runWhilePolling(RequestsConsumer requests, Runnable work) {
        requests.pauseAll();
        Future<?> future = trainingThread.submit(work);
        try {
            while (!future.isDone()) {
                try {
                    requests.pollHandlingNothing();
                } catch (WakeupException stopRequested) {
                    future.cancel(true);
                    awaitQuietly(future);
                    return false;
                }
            }
            future.get();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Stopping) {
                return false;
            }
            throw new IllegalStateException("worker cannot continue: " + describe(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return false;
        } finally {
            requests.resumeAll();
        }
    }

    private void commit(RequestsConsumer requests, ConsumerRecord<String, byte[]> record) {
        retrying(() -> {
            // Retried for as long as the broker is away: that is the loop waiting on purpose, not stuck.
            beat();
            try {
                return requests.commitPast(record);
            } catch (RetriableException e) {
                throw new KafkaUnavailableException("commit failed: " + e.getMessage(), e);
            }
        });
    }

    /** Repeats {@code step} while Kafka is unreachable, backing off, until it succeeds or the worker stops. */
    private <T> T retrying(Supplier<T> step) {
        long backoffMs = 200;
        while (true) {
            try {
                return step.get();
            } catch (KafkaUnavailableException e) {
                if (stopping()) {
                    throw new Stopping(); // the "outage" was our own interrupt
                }
                LOG.warn("Kafka unavailable ({}); retrying in {} ms", e.getMessage(), backoffMs);
            }
            try {
                if (stopSignal.await(backoffMs, TimeUnit.MILLISECONDS)) {
                    throw new Stopping();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopping();
            }
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF.toMillis());
        }
    }

    private void retrying(Runnable step) {
        retrying(() -> {
            step.run();
            return null;
        });
    }

    /** Only while running: a worker that is stopping or has failed must let its heartbeat go stale. */
    private void beat() {
        if (!stopping()) {
            heartbeat.beat();
        }
    }

    private boolean stopping() {
        return stopSignal.getCount() == 0 || Thread.currentThread().isInterrupted();
    }

    private static boolean hasContent(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static void awaitQuietly(Future<?> future) {
        try {
            future.get();
        } catch (Exception ignored) {
            // it was cancelled or failed on the way out; either way it is no longer running
        }
    }

    /** Unwinds the training thread when the worker stops; never escapes the worker. */
    private static final class Stopping extends RuntimeException {
        Stopping() {
            super("worker stopping", null, false, false);
        }
    }
}
