package dev.ganforge.service.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.service.model.Generator;
import dev.ganforge.service.model.ModelRejectedException;
import dev.ganforge.service.model.VerifiedRecord;
import dev.ganforge.service.testing.TestModels;
import dev.ganforge.service.testing.TrackingLoader;
import dev.ganforge.shared.contract.ModelRecord;
import dev.ganforge.shared.model.LatentSampler;
import dev.ganforge.shared.model.ModelMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Batching against a real ONNX Runtime session: fewer runs, and every caller gets exactly its own samples. */
class SampleBatcherTest {

    private static final ModelMetadata FASHION = TestModels.imageMetadata("fashion", 10);
    private static final int SAMPLE = 28 * 28;

    private final List<Integer> runSizes = new CopyOnWriteArrayList<>();
    private SampleBatcher batcher;
    private Generator generator;

    @AfterEach
    void close() {
        batcher.close();
        generator.close();
    }

    @Test
    void concurrentRequestsShareRunsAndEachGetsItsOwnSamples() throws Exception {
        generator = load(FASHION);
        batcher = new SampleBatcher(64, Duration.ofMillis(200), (requests, samples, runNanos) -> runSizes.add(samples));
        Blocker blocker = new Blocker(generator);
        // The dispatcher is busy with the blocker's run while the 8 requests queue up.
        CompletableFuture<float[]> blocked = batcher.submit(blocker, LatentSampler.sample(0, 1, FASHION),
                new long[] {0}, 1);
        blocker.running.await(10, TimeUnit.SECONDS);
        List<float[]> latents = new ArrayList<>();
        List<long[]> labels = new ArrayList<>();
        List<CompletableFuture<float[]>> results = new ArrayList<>();
        for (int request = 0; request < 8; request++) {
            int count = 1 + request % 3;
            latents.add(LatentSampler.sample(request, count, FASHION));
            labels.add(LongStream.range(0, count).map(i -> (i + 3) % 10).toArray());
            results.add(batcher.submit(generator, latents.get(request), labels.get(request), count));
        }
        blocker.release.countDown();
        blocked.get(10, TimeUnit.SECONDS);
        for (int request = 0; request < 8; request++) {
            int count = 1 + request % 3;
            float[] alone = generator.generate(latents.get(request), labels.get(request), count);
            assertArrayEquals(alone, results.get(request).get(10, TimeUnit.SECONDS), 1e-6f, "request " + request);
        }
        assertEquals(List.of(1, 1 + 2 + 3 + 1 + 2 + 3 + 1 + 2), runSizes, "the 8 queued requests ran as one batch");
    }

    @Test
    void withTwoDispatchersABatchRunsWhileAnotherIsStillRunning() throws Exception {
        generator = load(FASHION);
        batcher = new SampleBatcher(64, Duration.ofMillis(1), true, 2,
                (requests, samples, runNanos) -> runSizes.add(samples));
        Blocker blocker = new Blocker(generator);
        CompletableFuture<float[]> blocked = batcher.submit(blocker, LatentSampler.sample(0, 1, FASHION),
                new long[] {0}, 1);
        assertTrue(blocker.running.await(10, TimeUnit.SECONDS));
        float[] latents = LatentSampler.sample(5, 2, FASHION);
        float[] overtaking = batcher.submit(generator, latents, new long[] {1, 2}, 2).get(10, TimeUnit.SECONDS);
        assertEquals(List.of(2), runSizes, "the second dispatcher ran its batch while the first was blocked");
        assertArrayEquals(generator.generate(latents, new long[] {1, 2}, 2), overtaking, 1e-6f);
        assertTrue(!blocked.isDone());
        blocker.release.countDown();
        blocked.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(2, 1), runSizes);
    }

    @Test
    void aLoneRequestDoesNotWaitForCompanyThatIsNotComing() throws Exception {
        generator = load(FASHION);
        // An hour's wait would fail the get below: the request must run without waiting for company.
        batcher = new SampleBatcher(64, Duration.ofHours(1), (requests, samples, runNanos) -> runSizes.add(samples));
        for (int request = 0; request < 3; request++) {
            float[] samples = batcher.submit(generator, LatentSampler.sample(request, 1, FASHION), new long[] {1}, 1)
                    .get(60, TimeUnit.SECONDS);
            assertEquals(SAMPLE, samples.length);
        }
        assertEquals(List.of(1, 1, 1), runSizes);
    }

    @Test
    void aBatchWaitsForTheCompanyRecentBatchesHad() throws Exception {
        generator = load(FASHION);
        batcher = new SampleBatcher(64, Duration.ofHours(1), (requests, samples, runNanos) -> runSizes.add(samples));
        Blocker blocker = new Blocker(generator);
        CompletableFuture<float[]> blocked = batcher.submit(blocker, LatentSampler.sample(0, 1, FASHION),
                new long[] {0}, 1);
        blocker.running.await(10, TimeUnit.SECONDS);
        List<CompletableFuture<float[]>> four = new ArrayList<>();
        for (int request = 0; request < 4; request++) {
            four.add(batcher.submit(generator, LatentSampler.sample(request, 1, FASHION), new long[] {2}, 1));
        }
        blocker.release.countDown();
        blocked.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<float[]> result : four) {
            result.get(10, TimeUnit.SECONDS);
        }
        // Recent traffic came in fours: the next batch waits (here up to an hour) until four requests are in it,
        // however the submissions below interleave with the dispatcher.
        List<CompletableFuture<float[]>> next = new ArrayList<>();
        for (int request = 0; request < 4; request++) {
            next.add(batcher.submit(generator, LatentSampler.sample(10 + request, 1, FASHION), new long[] {3}, 1));
        }
        for (CompletableFuture<float[]> result : next) {
            assertEquals(SAMPLE, result.get(60, TimeUnit.SECONDS).length);
        }
        assertEquals(List.of(1, 4, 4), runSizes);
    }

    @Test
    void aBatchNeverExceedsItsMaximumSize() throws Exception {
        generator = load(FASHION);
        batcher = new SampleBatcher(4, Duration.ofMillis(200), (requests, samples, runNanos) -> runSizes.add(samples));
        List<CompletableFuture<float[]>> results = new ArrayList<>();
        for (int request = 0; request < 5; request++) {
            results.add(batcher.submit(generator, LatentSampler.sample(request, 3, FASHION), new long[] {1, 2, 3}, 3));
        }
        for (CompletableFuture<float[]> result : results) {
            assertEquals(3 * SAMPLE, result.get(10, TimeUnit.SECONDS).length);
        }
        assertTrue(runSizes.stream().allMatch(size -> size <= 4), runSizes.toString());
    }

    @Test
    void aFailingRunFailsOnlyItsOwnRequests() throws Exception {
        generator = load(FASHION);
        batcher = new SampleBatcher(64, Duration.ofMillis(1), (requests, samples, runNanos) -> runSizes.add(samples));
        // Label 99 does not exist: ORT's Gather fails for this request.
        CompletableFuture<float[]> bad = batcher.submit(generator, LatentSampler.sample(1, 1, FASHION),
                new long[] {99}, 1);
        assertTrue(bad.handle((value, error) -> error != null).get(10, TimeUnit.SECONDS));
        float[] good = batcher.submit(generator, LatentSampler.sample(1, 1, FASHION), new long[] {1}, 1)
                .get(10, TimeUnit.SECONDS);
        assertEquals(SAMPLE, good.length);
    }

    @Test
    void aHungRunAndTheRequestsQueuedBehindItFailAfterTheRunTimeoutAndServingGoesOnOnceItEnds() throws Exception {
        generator = load(FASHION);
        batcher = new SampleBatcher(64, Duration.ofMillis(1), true, 1, Duration.ofMillis(300),
                (requests, samples, runNanos) -> runSizes.add(samples));
        Blocker hung = new Blocker(generator);
        CountDownLatch hungReleased = new CountDownLatch(1);
        CountDownLatch queuedReleased = new CountDownLatch(1);
        CompletableFuture<float[]> running = batcher.submit(hung, LatentSampler.sample(0, 1, FASHION),
                new long[] {0}, 1, hungReleased::countDown);
        assertTrue(hung.running.await(10, TimeUnit.SECONDS));
        CompletableFuture<float[]> queued = batcher.submit(generator, LatentSampler.sample(1, 1, FASHION),
                new long[] {1}, 1, queuedReleased::countDown);

        for (CompletableFuture<float[]> result : List.of(running, queued)) {
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> result.get(10, TimeUnit.SECONDS));
            assertInstanceOf(TimeoutException.class, failure.getCause());
        }
        // The callers have their answer, but the hung run still uses its generator: not given back yet.
        assertEquals(1, hungReleased.getCount());

        hung.release.countDown();
        assertTrue(hungReleased.await(10, TimeUnit.SECONDS), "given back once the hung run returned");
        assertTrue(queuedReleased.await(10, TimeUnit.SECONDS), "given back when dropped without a run");
        float[] next = batcher.submit(generator, LatentSampler.sample(2, 1, FASHION), new long[] {2}, 1)
                .get(10, TimeUnit.SECONDS);
        assertEquals(SAMPLE, next.length);
        // The queued request had already failed when the dispatcher came free: it is not run for no one.
        assertEquals(List.of(1, 1), runSizes);
    }

    @Test
    void closingFailsTheRequestsADispatcherHoldsAndGivesTheirGeneratorsBack() throws Exception {
        generator = load(FASHION);
        // Every batch waits the whole (long) wait for company: the first request is held in a gathering batch.
        batcher = new SampleBatcher(64, Duration.ofHours(1), false, 1, (requests, samples, runNanos) ->
                runSizes.add(samples));
        Blocker other = new Blocker(generator);
        CountDownLatch released = new CountDownLatch(3);
        CompletableFuture<float[]> gathering = batcher.submit(generator, LatentSampler.sample(0, 1, FASHION),
                new long[] {0}, 1, released::countDown);
        // Another generator cannot join that batch: the dispatcher sets it aside for a later one.
        CompletableFuture<float[]> setAside = batcher.submit(other, LatentSampler.sample(1, 1, FASHION),
                new long[] {1}, 1, released::countDown);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (batcher.queued() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        assertEquals(0, batcher.queued(), "both requests taken by the dispatcher, none left for close() to drain");

        batcher.close();
        CompletableFuture<float[]> late = batcher.submit(generator, LatentSampler.sample(2, 1, FASHION),
                new long[] {2}, 1, released::countDown);

        for (CompletableFuture<float[]> result : List.of(gathering, setAside, late)) {
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> result.get(10, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, failure.getCause());
            assertEquals("sample batcher is shut down", failure.getCause().getMessage());
        }
        assertTrue(released.await(10, TimeUnit.SECONDS), "every generator given back");
        assertEquals(List.of(), runSizes);
    }

    /** A generator whose runs hold the dispatcher until released, so requests can be queued behind one. */
    private static final class Blocker implements Generator {

        final CountDownLatch running = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final Generator delegate;

        Blocker(Generator delegate) {
            this.delegate = delegate;
        }

        @Override
        public float[] generate(float[] latents, long[] labels, int count) throws Exception {
            running.countDown();
            if (!release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            return delegate.generate(latents, labels, count);
        }

        @Override
        public void close() {
        }
    }

    private static Generator load(ModelMetadata metadata) throws ModelRejectedException {
        ModelRecord record = TestModels.signed(metadata, 1, TestModels.imageModel(metadata, 1));
        return new TrackingLoader().load(new VerifiedRecord(record.name(), 1, record.sha256(), record.keyId(),
                metadata, record.bytes()));
    }
}
