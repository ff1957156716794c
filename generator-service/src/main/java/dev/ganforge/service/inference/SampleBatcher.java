package dev.ganforge.service.inference;

import dev.ganforge.service.model.Generator;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Combines concurrent sample requests for the same generator into one ONNX Runtime run: one run of 64
 * samples costs far less than 64 runs of one. The first request of a batch waits at most {@code maxWait}
 * for others; a batch never exceeds {@code maxBatchSize} samples (a single larger request runs alone).
 * One dispatcher thread runs the batches by default; ORT parallelises inside each run. With more dispatchers a
 * batch can start while another still runs (each dispatcher collects and runs its own batches from the one queue).
 *
 * <p>A batch stops waiting as soon as it holds as many requests as the busiest of the last
 * {@value #RECENT_BATCHES} batches: waiting longer cannot bring company that recent traffic says is not coming.
 * So a lone client never waits, and under steady concurrency a batch runs the moment its usual company has
 * arrived, not {@code maxWait} later (both measured in the lab notebook in docs/benchmarks.md's git history).
 *
 * <p>A request without a result after {@code runTimeout} (a hung run, or one stuck behind it) fails with a
 * {@link TimeoutException}. One watchdog sweep a second checks that, rather than a timer per request: a timer per
 * request woke the JDK's delay thread once per request, a thread switch on every sample served.
 */
public final class SampleBatcher implements AutoCloseable {

    static final int RECENT_BATCHES = 16;
    static final Duration DEFAULT_RUN_TIMEOUT = Duration.ofSeconds(60);

    private final int maxBatchSize;
    private final long maxWaitNanos;
    private final boolean adaptiveWait;
    private final BatchListener listener;
    private final long runTimeoutNanos;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    /** Submitted jobs without a result yet, wherever they are (queued, set aside, running): the watchdog's view. */
    private final Set<Job> unfinished = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watchdog;
    private final List<Thread> dispatchers = new ArrayList<>();
    private volatile boolean running = true;

    public SampleBatcher(int maxBatchSize, Duration maxWait, BatchListener listener) {
        this(maxBatchSize, maxWait, true, 1, listener);
    }

    /**
     * @param adaptiveWait false: every batch waits the whole {@code maxWait} for company (the old behaviour)
     * @param dispatchers  threads collecting and running batches; more than one lets runs overlap
     */
    public SampleBatcher(int maxBatchSize, Duration maxWait, boolean adaptiveWait, int dispatchers,
                         BatchListener listener) {
        this(maxBatchSize, maxWait, adaptiveWait, dispatchers, DEFAULT_RUN_TIMEOUT, listener);
    }

    /** @param runTimeout how long a request may wait for its result, queueing and running included */
    public SampleBatcher(int maxBatchSize, Duration maxWait, boolean adaptiveWait, int dispatchers,
                         Duration runTimeout, BatchListener listener) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("ganforge.batching.max-batch-size must be positive");
        }
        if (dispatchers < 1) {
            throw new IllegalArgumentException("ganforge.batching.dispatchers must be positive");
        }
        this.maxBatchSize = maxBatchSize;
        this.maxWaitNanos = maxWait.toNanos();
        this.adaptiveWait = adaptiveWait;
        this.listener = listener;
        this.runTimeoutNanos = runTimeout.toNanos();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sample-batcher-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        long sweepMillis = Math.max(1, Math.min(1000, runTimeout.toMillis() / 4));
        watchdog.scheduleWithFixedDelay(this::failOverdue, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        for (int i = 0; i < dispatchers; i++) {
            Thread dispatcher = new Thread(this::dispatch, dispatchers == 1 ? "sample-batcher" : "sample-batcher-" + i);
            dispatcher.setDaemon(true);
            this.dispatchers.add(dispatcher);
        }
        this.dispatchers.forEach(Thread::start);
    }

    /**
     * Queues one request; the caller must keep {@code generator} open (hold its lease) until the future completes.
     *
     * @return {@code count × sampleSize} floats
     */
    public CompletableFuture<float[]> submit(Generator generator, float[] latents, long[] labels, int count) {
        return submit(generator, latents, labels, count, () -> { });
    }

    /**
     * Queues one request; {@code generator} must stay open until {@code released} has run. That is once the batcher
     * no longer uses it: after the request's run, or as soon as the request is dropped without one. After a
     * timeout the future fails first and {@code released} follows when the hung run returns, so a version is never
     * closed under a run still using it.
     */
    public CompletableFuture<float[]> submit(Generator generator, float[] latents, long[] labels, int count,
                                             Runnable released) {
        Job job = new Job(generator, latents, labels, count, System.nanoTime(), released, new CompletableFuture<>());
        if (!running) {
            job.result.completeExceptionally(new IllegalStateException("sample batcher is shut down"));
            released.run();
            return job.result;
        }
        unfinished.add(job);
        job.result.whenComplete((samples, failure) -> unfinished.remove(job));
        queue.add(job);
        // A close() between the check above and the add has drained the queue already: take the job back out.
        if (!running && queue.remove(job)) {
            abandon(job);
        }
        return job.result;
    }

    /** Requests in the queue, not yet taken by a dispatcher. */
    int queued() {
        return queue.size();
    }

    /** The watchdog's sweep: fails every job older than the run timeout; a job queued still is then skipped. */
    private void failOverdue() {
        long now = System.nanoTime();
        for (Job job : unfinished) {
            if (now - job.submitted > runTimeoutNanos) {
                long millis = TimeUnit.NANOSECONDS.toMillis(runTimeoutNanos);
                job.result.completeExceptionally(new TimeoutException("no result within "
                        + (millis < 1000 ? millis + " ms" : millis / 1000 + " s")));
            }
        }
    }

    /**
     * Stops taking requests. Every request not yet run fails at once, queued or held by a dispatcher (set aside, or
     * in a batch still gathering company), and its generator is given back; a run under way finishes first.
     */
    @Override
    public void close() {
        running = false;
        watchdog.shutdownNow();
        dispatchers.forEach(Thread::interrupt);
        Job job;
        while ((job = queue.poll()) != null) {
            abandon(job);
        }
    }

    private static void abandon(Job job) {
        job.result.completeExceptionally(new IllegalStateException("sample batcher is shut down"));
        job.released.run();
    }

    private void dispatch() {
        Deque<Job> deferred = new ArrayDeque<>();
        RecentBatches recent = new RecentBatches();
        List<Job> batch = new ArrayList<>();
        try {
            while (running) {
                batch.add(deferred.isEmpty() ? queue.take() : deferred.poll());
                collect(batch, deferred, recent);
                List<Job> collected = List.copyOf(batch);
                batch.clear();
                run(collected);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // Only close() stops a dispatcher: what it still holds would otherwise wait for ever.
            batch.forEach(SampleBatcher::abandon);
            deferred.forEach(SampleBatcher::abandon);
        }
    }

    /**
     * Adds jobs for the same generator as the batch's first until it is full or that job has waited long enough.
     */
    private void collect(List<Job> batch, Deque<Job> deferred, RecentBatches recent) throws InterruptedException {
        Job first = batch.get(0);
        int samples = first.count;
        // Jobs set aside earlier join first, in arrival order, before anything new.
        int pending = deferred.size();
        for (int i = 0; i < pending && samples < maxBatchSize; i++) {
            Job job = deferred.poll();
            if (fits(first, job, samples)) {
                batch.add(job);
                samples += job.count;
            } else {
                deferred.add(job);
            }
        }
        int expected = adaptiveWait ? recent.mostRequests() : Integer.MAX_VALUE;
        long deadline = System.nanoTime() + maxWaitNanos;
        while (samples < maxBatchSize) {
            long remaining = deadline - System.nanoTime();
            // Whatever is queued already always joins; waiting is only for company recent batches had.
            Job job = remaining > 0 && batch.size() < expected ? queue.poll(remaining, TimeUnit.NANOSECONDS)
                    : queue.poll();
            if (job == null) {
                break;
            }
            if (fits(first, job, samples)) {
                batch.add(job);
                samples += job.count;
            } else {
                deferred.add(job);
            }
        }
        recent.add(batch.size());
    }

    /** Requests per batch of one dispatcher's last runs, a ring; touched by that dispatcher's thread only. */
    private static final class RecentBatches {

        private final int[] requests = new int[RECENT_BATCHES];
        private int next;

        void add(int batchRequests) {
            requests[next] = batchRequests;
            next = (next + 1) % RECENT_BATCHES;
        }

        /** The most requests one of the recent batches held; 1 before any. */
        int mostRequests() {
            int most = 1;
            for (int n : requests) {
                most = Math.max(most, n);
            }
            return most;
        }
    }

    private boolean fits(Job first, Job job, int samples) {
        return job.generator == first.generator
                && (job.labels == null) == (first.labels == null)
                && samples + job.count <= maxBatchSize;
    }

    private void run(List<Job> collected) {
        // A job the watchdog failed while it queued has no one waiting for it any more.
        List<Job> batch = new ArrayList<>();
        for (Job job : collected) {
            if (job.result.isDone()) {
                job.released.run();
            } else {
                batch.add(job);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        int count = batch.stream().mapToInt(Job::count).sum();
        Job first = batch.get(0);
        // A batch of one request (every request at low load) runs on its own arrays: nothing to gather or split.
        boolean alone = batch.size() == 1;
        float[] latents = first.latents;
        long[] labels = first.labels;
        if (!alone) {
            latents = new float[batch.stream().mapToInt(job -> job.latents.length).sum()];
            labels = first.labels == null ? null : new long[count];
            int latentOffset = 0;
            int labelOffset = 0;
            for (Job job : batch) {
                System.arraycopy(job.latents, 0, latents, latentOffset, job.latents.length);
                latentOffset += job.latents.length;
                if (labels != null) {
                    System.arraycopy(job.labels, 0, labels, labelOffset, job.count);
                }
                labelOffset += job.count;
            }
        }
        // Answers first (their handlers still read the lease), then the generator is given back.
        try {
            float[] output;
            long started = System.nanoTime();
            for (Job job : batch) {
                listener.requestWaited(started - job.submitted);
            }
            try {
                output = first.generator.generate(latents, labels, count);
            } catch (Exception | LinkageError e) {
                batch.forEach(job -> job.result.completeExceptionally(e));
                return;
            }
            listener.batchRan(batch.size(), count, System.nanoTime() - started);
            if (alone) {
                first.result.complete(output);
                return;
            }
            int sampleSize = output.length / count;
            int offset = 0;
            for (Job job : batch) {
                float[] part = new float[job.count * sampleSize];
                System.arraycopy(output, offset, part, 0, part.length);
                offset += part.length;
                job.result.complete(part);
            }
        } finally {
            batch.forEach(job -> job.released.run());
        }
    }

    private record Job(Generator generator, float[] latents, long[] labels, int count, long submitted,
                       Runnable released, CompletableFuture<float[]> result) {
    }
}
