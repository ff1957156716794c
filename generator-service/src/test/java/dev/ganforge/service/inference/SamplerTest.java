package dev.ganforge.service.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.service.model.Generator;
import dev.ganforge.service.model.ModelRegistry;
import dev.ganforge.service.model.RecordVerifier;
import dev.ganforge.service.model.RegistryListener;
import dev.ganforge.service.testing.TestKeys;
import dev.ganforge.service.testing.TestModels;
import dev.ganforge.service.testing.TrackingLoader;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.signing.Ed25519Keys;
import dev.ganforge.shared.signing.ModelVerifier;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static final ModelMetadata DIGITS = TestModels.imageMetadata("digits", 0);

    private final CountDownLatch runStarted = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean gated;
    private final TrackingLoader real = new TrackingLoader();
    private final ModelRegistry registry;
    private final SampleBatcher batcher = new SampleBatcher(64, Duration.ofMillis(1), BatchListener.NONE);
    private final Sampler sampler;

    SamplerTest() throws Exception {
        // The real ORT generator, with a gate the test can close to hold a request inside its run.
        registry = new ModelRegistry(new RecordVerifier(new ModelVerifier(
                List.of(Ed25519Keys.readPublicKey(TestKeys.publicKeyFile())))), record -> {
                    Generator generator = real.load(record);
                    return new Generator() {
                        @Override
                        public float[] generate(float[] latents, long[] labels, int count) throws Exception {
                            if (gated) {
                                runStarted.countDown();
                                release.await(10, TimeUnit.SECONDS);
                            }
                            return generator.generate(latents, labels, count);
                        }

                        @Override
                        public void close() {
                            generator.close();
                        }
                    };
                }, RegistryListener.NONE, Clock.systemUTC());
        registry.offer(TestModels.signed(DIGITS, 1, TestModels.imageModel(DIGITS, 1)));
        sampler = new Sampler(registry, batcher, new Sampler.Limits(16, 64, 1, 32));
    }

    @AfterEach
    void close() {
        release.countDown();
        batcher.close();
        registry.close();
    }

    @Test
    void theSameSeedGivesTheSameSamples() {
        GeneratedSamples first = sampler.sample("digits", SampleSpec.of(4, 9L, null));
        GeneratedSamples second = sampler.sample("digits", SampleSpec.of(4, 9L, null));
        assertArrayEquals(first.batch().data(), second.batch().data());
        assertEquals(List.of(4, 1, 28, 28), first.batch().shape());
        assertEquals(1, first.version());
    }

    @Test
    void aRandomSeedIsReportedSoTheSamplesCanBeReproduced() {
        GeneratedSamples random = sampler.sample("digits", SampleSpec.of(2, null, null));
        assertNotNull(random.seed());
        assertArrayEquals(random.batch().data(),
                sampler.sample("digits", SampleSpec.of(2, random.seed(), null)).batch().data());
    }

    @Test
    void untilTheStartupGateOpensEveryRequestIsRefusedWithoutTakingASlot() {
        StringBuilder pending = new StringBuilder("replaying ganforge.control");
        Sampler gated = new Sampler(registry, batcher, new Sampler.Limits(16, 64, 1, 32), RunOutcomes.NONE,
                () -> pending.isEmpty() ? Optional.empty() : Optional.of(pending.toString()));

        NotReadyException refused = assertThrows(NotReadyException.class,
                () -> gated.sampleAsync("digits", SampleSpec.of(1, 1L, null)));
        assertEquals("replaying ganforge.control", refused.getMessage());
        assertThrows(NotReadyException.class, () -> gated.interpolate("digits", 1, 2, 4, null));
        assertEquals(0, gated.requestsInFlight());

        pending.setLength(0);
        assertEquals(1, gated.sample("digits", SampleSpec.of(1, 1L, null)).version());
    }

    @Test
    void oneRequestTooManyIsTurnedAwayAtOnce() throws Exception {
        gated = true;
        CompletableFuture<GeneratedSamples> first = CompletableFuture.supplyAsync(
                () -> sampler.sample("digits", SampleSpec.of(1, 1L, null)));
        runStarted.await(10, TimeUnit.SECONDS);

        assertThrows(TooManyRequestsException.class, () -> sampler.sample("digits", SampleSpec.of(1, 2L, null)));

        release.countDown();
        assertEquals(1, first.get(10, TimeUnit.SECONDS).batch().count());
        gated = false;
        assertEquals(1, sampler.sample("digits", SampleSpec.of(1, 2L, null)).batch().count());
    }

    @Test
    void anAsyncRequestHoldsItsSlotUntilItsRunCompletesAndARejectedOneFreesIt() throws Exception {
        assertThrows(InvalidSampleRequestException.class,
                () -> sampler.sampleAsync("digits", SampleSpec.of(0, 1L, null)));
        gated = true;
        CompletableFuture<GeneratedSamples> pending =
                sampler.sampleAsync("digits", SampleSpec.of(3, 7L, null)).toCompletableFuture();
        assertTrue(runStarted.await(10, TimeUnit.SECONDS));
        assertFalse(pending.isDone(), "returned before the run finished; the caller thread was not parked");
        assertThrows(TooManyRequestsException.class,
                () -> sampler.sampleAsync("digits", SampleSpec.of(1, 2L, null)));
        assertEquals(1, sampler.requestsInFlight());

        release.countDown();
        GeneratedSamples samples = pending.get(10, TimeUnit.SECONDS);
        assertEquals(0, sampler.requestsInFlight());
        gated = false;
        assertArrayEquals(sampler.sample("digits", SampleSpec.of(3, 7L, null)).batch().data(),
                samples.batch().data());
    }

    @Test
    void interpolationStartsAndEndsAtTheSeedsLatents() {
        GeneratedSamples walk = sampler.interpolate("digits", 3, 4, 5, null);
        int size = 28 * 28;
        float[] start = sampler.sample("digits", SampleSpec.of(1, 3L, null)).batch().data();
        float[] end = sampler.sample("digits", SampleSpec.of(1, 4L, null)).batch().data();
        assertArrayEquals(start, Arrays.copyOfRange(walk.batch().data(), 0, size), 1e-5f);
        assertArrayEquals(end, Arrays.copyOfRange(walk.batch().data(), 4 * size, 5 * size), 1e-5f);
        assertThrows(InvalidSampleRequestException.class, () -> sampler.interpolate("digits", 3, 4, 1, null));
    }
}
