package dev.ganforge.service.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.service.model.VerifiedRecord;
import dev.ganforge.service.testing.TestModels;
import dev.ganforge.shared.contract.ModelRecord;
import dev.ganforge.shared.inference.SessionSettings;
import dev.ganforge.shared.model.LatentSampler;
import dev.ganforge.shared.model.ModelMetadata;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Batches run in slices on real ONNX Runtime: the same samples as the whole batch, in order. */
class SlicedBatchTest {

    private static final ModelMetadata DIGITS = TestModels.imageMetadata("digits", 10);
    private static final ModelMetadata UNCONDITIONAL = TestModels.imageMetadata("plain", 0);
    private static final int SAMPLE = 28 * 28;

    private final Set<String> sliceRunnerThreads = ConcurrentHashMap.newKeySet();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicBoolean holdFirstTask = new AtomicBoolean();
    private final BlockingQueue<Runnable> held = new LinkedBlockingQueue<>();
    private OnnxGenerator generator;

    @AfterEach
    void close() {
        if (generator != null) {
            generator.close();
        }
        pool.shutdownNow();
    }

    @Test
    void aSplitBatchAnswersWhatTheWholeBatchAnswersSampleBySample() throws Exception {
        generator = load(DIGITS, new BatchSlicing(3, 1, 4));
        sliceRunnerThreads.clear(); // the pool also loaded the session for slices
        for (int count : new int[] {4, 5, 8, 17, 64}) {
            float[] latents = LatentSampler.sample(count, count, DIGITS);
            long[] labels = LongStream.range(0, count).map(i -> (i * 7) % 10).toArray();

            float[] sliced = generator.generate(latents, labels, count);

            assertArrayEquals(generator.generateWhole(latents, labels, count), sliced,
                    OnnxGeneratorLoader.SLICE_TOLERANCE, "batch of " + count);
        }
        assertFalse(sliceRunnerThreads.isEmpty(), "the other slices ran on the slice runner");
    }

    @Test
    void unconditionalModelsSplitToo() throws Exception {
        generator = load(UNCONDITIONAL, new BatchSlicing(2, 1, 2));
        float[] latents = LatentSampler.sample(3, 9, UNCONDITIONAL);

        assertArrayEquals(generator.generateWhole(latents, null, 9), generator.generate(latents, null, 9),
                OnnxGeneratorLoader.SLICE_TOLERANCE);
    }

    @Test
    void batchesBelowTheMinimumRunWholeOnTheCallingThread() throws Exception {
        generator = load(DIGITS, new BatchSlicing(2, 1, 8));
        sliceRunnerThreads.clear();
        float[] latents = LatentSampler.sample(5, 7, DIGITS);
        long[] labels = LongStream.range(0, 7).toArray();

        float[] samples = generator.generate(latents, labels, 7);

        assertEquals(7 * SAMPLE, samples.length);
        assertTrue(sliceRunnerThreads.isEmpty(), "a batch of 7 < 8 is not split");
    }

    @Test
    void moreSlicesThanSamplesLeaveTheSpareSlicesOut() throws Exception {
        generator = load(DIGITS, new BatchSlicing(4, 1, 2));
        float[] latents = LatentSampler.sample(6, 2, DIGITS);
        long[] labels = {3, 4};

        assertArrayEquals(generator.generateWhole(latents, labels, 2), generator.generate(latents, labels, 2),
                OnnxGeneratorLoader.SLICE_TOLERANCE);
    }

    @Test
    void aFailingSliceFailsTheRunOnlyAfterEverySliceHasFinished() throws Exception {
        generator = load(DIGITS, new BatchSlicing(2, 1, 2));
        float[] latents = LatentSampler.sample(7, 8, DIGITS);
        long[] badLabels = {0, 1, 2, 3, 4, 5, 6, 99};

        Exception failure = assertThrows(Exception.class, () -> generator.generate(latents, badLabels, 8));

        assertTrue(failure.getMessage().contains("99") || failure.getMessage().toLowerCase().contains("indices"),
                failure.getMessage());
        long[] labels = LongStream.range(0, 8).toArray();
        assertEquals(8 * SAMPLE, generator.generate(latents, labels, 8).length, "the sessions still serve");
    }

    @Test
    void aNewVersionServesWholeAtOnceAndInSlicesOnceTheirSessionHasLoaded() throws Exception {
        holdFirstTask.set(true);
        generator = loadWithoutWaiting(DIGITS, new BatchSlicing(2, 1, 2));
        assertFalse(generator.sliced(), "the session for slices loads after the version is ready");
        float[] latents = LatentSampler.sample(8, 8, DIGITS);
        long[] labels = LongStream.range(0, 8).toArray();
        float[] whole = generator.generate(latents, labels, 8);

        Runnable loadSlices = held.poll(10, TimeUnit.SECONDS);
        assertNotNull(loadSlices, "the loader handed the slices' session to its runner");
        loadSlices.run();

        assertTrue(generator.sliced());
        assertArrayEquals(whole, generator.generate(latents, labels, 8), OnnxGeneratorLoader.SLICE_TOLERANCE);
    }

    @Test
    void aVersionClosedBeforeItsSlicesHaveLoadedNeverAttachesThem() throws Exception {
        holdFirstTask.set(true);
        generator = loadWithoutWaiting(DIGITS, new BatchSlicing(2, 1, 2));
        generator.close();

        Runnable loadSlices = held.poll(10, TimeUnit.SECONDS);
        assertNotNull(loadSlices, "the loader handed the slices' session to its runner");
        loadSlices.run();

        assertFalse(generator.sliced(), "the session for slices was closed, not attached to a closed generator");
        generator = null;
    }

    private OnnxGenerator load(ModelMetadata metadata, BatchSlicing slicing) throws Exception {
        OnnxGenerator loaded = loadWithoutWaiting(metadata, slicing);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (slicing.enabled() && !loaded.sliced()) {
            assertTrue(System.nanoTime() < deadline, "the session for slices never attached");
            Thread.onSpinWait();
        }
        return loaded;
    }

    /** The loader's background work goes to {@code pool}, except the first task when {@code holdFirstTask}. */
    private OnnxGenerator loadWithoutWaiting(ModelMetadata metadata, BatchSlicing slicing) throws Exception {
        ModelRecord record = TestModels.signed(metadata, 1, TestModels.imageModel(metadata, 1));
        OnnxGeneratorLoader loader = new OnnxGeneratorLoader(
                SessionSettings.of(2, 1, "ALL_OPT", false), slicing, task -> {
                    if (holdFirstTask.getAndSet(false)) {
                        held.add(task);
                        return;
                    }
                    pool.execute(() -> {
                        sliceRunnerThreads.add(Thread.currentThread().getName());
                        task.run();
                    });
                });
        return (OnnxGenerator) loader.load(new VerifiedRecord(record.name(), 1, record.sha256(), record.keyId(),
                metadata, record.bytes()));
    }
}
