package dev.ganforge.service.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.TimeUnit;
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
        batcher = new SampleBatcher(64, Duration.ofMillis(200), (requests, samples) -> runSizes.add(samples));
        List<float[]> latents = new ArrayList<>();
        List<long[]> labels = new ArrayList<>();
        List<CompletableFuture<float[]>> results = new ArrayList<>();
        for (int request = 0; request < 8; request++) {
            int count = 1 + request % 3;
            latents.add(LatentSampler.sample(request, count, FASHION));
            labels.add(LongStream.range(0, count).map(i -> (i + 3) % 10).toArray());
            results.add(batcher.submit(generator, latents.get(request), labels.get(request), count));
        }
        for (int request = 0; request < 8; request++) {
            int count = 1 + request % 3;
            float[] alone = generator.generate(latents.get(request), labels.get(request), count);
            assertArrayEquals(alone, results.get(request).get(10, TimeUnit.SECONDS), 1e-6f, "request " + request);
        }
        int totalSamples = runSizes.stream().mapToInt(Integer::intValue).sum();
        assertEquals(1 + 2 + 3 + 1 + 2 + 3 + 1 + 2, totalSamples);
        assertTrue(runSizes.size() < 8, "8 requests queued together ran in " + runSizes.size() + " runs");
    }

    @Test
    void aBatchNeverExceedsItsMaximumSize() throws Exception {
        generator = load(FASHION);
        batcher = new SampleBatcher(4, Duration.ofMillis(200), (requests, samples) -> runSizes.add(samples));
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
        batcher = new SampleBatcher(64, Duration.ofMillis(1), (requests, samples) -> runSizes.add(samples));
        // Label 99 does not exist: ORT's Gather fails for this request.
        CompletableFuture<float[]> bad = batcher.submit(generator, LatentSampler.sample(1, 1, FASHION),
                new long[] {99}, 1);
        assertTrue(bad.handle((value, error) -> error != null).get(10, TimeUnit.SECONDS));
        float[] good = batcher.submit(generator, LatentSampler.sample(1, 1, FASHION), new long[] {1}, 1)
                .get(10, TimeUnit.SECONDS);
        assertEquals(SAMPLE, good.length);
    }

    private static Generator load(ModelMetadata metadata) throws ModelRejectedException {
        ModelRecord record = TestModels.signed(metadata, 1, TestModels.imageModel(metadata, 1));
        return new TrackingLoader().load(new VerifiedRecord(record.name(), 1, record.sha256(), record.keyId(),
                metadata, record.bytes()));
    }
}
