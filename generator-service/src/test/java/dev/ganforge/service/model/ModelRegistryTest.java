package dev.ganforge.service.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.service.testing.TestKeys;
import dev.ganforge.service.testing.TestModels;
import dev.ganforge.shared.contract.ModelRecord;
import dev.ganforge.service.testing.TrackingLoader;
import dev.ganforge.shared.model.LatentSampler;
import dev.ganforge.shared.signing.Ed25519Keys;
import dev.ganforge.shared.signing.ModelSigner;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelRegistryTest extends RegistryFixture {

    @Test
    void servesAVerifiedModel() throws Exception {
        assertEquals(VersionState.ACTIVE, registry.offer(version(1)));

        try (ModelLease lease = registry.lease("digits")) {
            assertEquals(1, lease.version());
            float[] samples = lease.generator().generate(LatentSampler.sample(7, 3, DIGITS), null, 3);
            assertEquals(3 * 28 * 28, samples.length);
        }
        ModelView view = registry.model("digits");
        assertEquals(1L, view.activeVersion());
        assertEquals(ModelRegistry.BECAUSE_NEWEST, view.activeBecause());
        assertTrue(registry.anyServing());
    }

    @Test
    void newerVersionSwapsInAndTheOldOneStandsByLoaded() throws Exception {
        registry.offer(version(1));

        assertEquals(VersionState.ACTIVE, registry.offer(version(2)));

        try (ModelLease fresh = registry.lease("digits")) {
            assertEquals(2, fresh.version());
        }
        assertEquals(List.of(VersionState.ACTIVE, VersionState.STANDBY), states());
        assertFalse(loader.loaded().get(0).closed(), "version 1 is within the retained versions");
    }

    @Test
    void onlyTheRetainedNumberOfVersionsStaysLoadedAndTheNewestServes() {
        for (long v = 1; v <= 5; v++) {
            registry.offer(version(v));
        }

        assertEquals(List.of(VersionState.ACTIVE, VersionState.STANDBY, VersionState.EVICTED, VersionState.EVICTED,
                VersionState.EVICTED), states());
        assertEquals(List.of(4L, 5L), openVersions());
        try (ModelLease lease = registry.lease("digits")) {
            assertEquals(5, lease.version());
        }
        ModelVersionView evicted = registry.model("digits").versions().get(4);
        assertTrue(evicted.reason().contains("ganforge.models.retained-versions=2"), evicted.reason());
        assertEquals(DIGITS.latentSize(), evicted.metadata().latentSize(), "an evicted version stays described");
    }

    @Test
    void aLeasedVersionThatIsEvictedFinishesItsRequestAndClosesWithTheLastLease() throws Exception {
        registry.offer(version(1));
        ModelLease inFlight = registry.lease("digits");

        registry.offer(version(2));
        registry.offer(version(3));

        assertEquals(VersionState.EVICTED, states().get(2));
        TrackingLoader.Tracked v1 = loader.loaded().get(0);
        assertFalse(v1.closed(), "version 1 is still leased");
        float[] samples = inFlight.generator().generate(LatentSampler.sample(1, 1, DIGITS), null, 1);
        assertEquals(28 * 28, samples.length);
        inFlight.close();
        assertTrue(v1.closed(), "the last lease of an evicted version closes it");
        assertEquals(List.of(2L, 3L), openVersions());
    }

    @Test
    void aPinnedVersionIsNeverEvictedAndPinningALoadedVersionNeedsNoReload() {
        registry.offer(version(1));
        registry.offer(version(2));
        registry.pin("digits", 1);
        assertEquals(2, loader.loaded().size(), "a retained version serves from its loaded session");

        for (long v = 3; v <= 5; v++) {
            assertEquals(VersionState.STANDBY, registry.offer(version(v)));
        }

        // Pinned 1 and newest 5 are both kept, whatever the limit; nothing else fits in 2.
        assertEquals(List.of(1L, 5L), openVersions());
        try (ModelLease lease = registry.lease("digits")) {
            assertEquals(1, lease.version());
        }
        ModelView unpinned = registry.unpin("digits");
        assertEquals(5L, unpinned.activeVersion());
        assertEquals(List.of(VersionState.ACTIVE, VersionState.EVICTED, VersionState.EVICTED, VersionState.EVICTED,
                VersionState.STANDBY), states());
    }

    @Test
    void pinningAnEvictedVersionFailsNamingTheSetting() {
        for (long v = 1; v <= 3; v++) {
            registry.offer(version(v));
        }

        VersionNotServableException failure = assertThrows(VersionNotServableException.class,
                () -> registry.pin("digits", 1));
        assertTrue(failure.getMessage().contains("ganforge.models.retained-versions=2"), failure.getMessage());
        assertEquals(3L, registry.model("digits").activeVersion());
        assertNull(registry.model("digits").pinnedVersion());
    }

    @Test
    void aRedeliveredEvictedVersionIsNotLoadedAgain() {
        for (long v = 1; v <= 4; v++) {
            registry.offer(version(v));
        }

        assertEquals(VersionState.EVICTED, registry.offer(version(1)));
        assertEquals(VersionState.EVICTED, registry.offer(version(1)));

        assertEquals(4, loader.loaded().size(), "the redelivered evicted version was not loaded again");
        assertEquals(List.of(3L, 4L), openVersions());
    }

    @Test
    void atLeastOneVersionMustBeRetained() {
        assertThrows(IllegalArgumentException.class, () -> new ModelRegistry(
                new RecordVerifier(TestKeys.verifier()), loader, RegistryListener.NONE,
                Clock.systemUTC(), 0));
    }

    @Test
    void anOlderVersionArrivingLateIsAReplayAndIsRejectedWithoutBeingListed() {
        registry.offer(version(2));
        assertEquals(VersionState.REJECTED, registry.offer(version(1)));

        assertEquals(2L, registry.model("digits").activeVersion());
        assertEquals(List.of(2L), registry.model("digits").versions().stream().map(ModelVersionView::version)
                .toList());
        assertTrue(rejections.rejections().get(0).contains("replay: version 1 arrived after version 2"),
                rejections.rejections().toString());
        assertEquals(1, loader.loaded().size(), "a replay is never loaded");
    }

    @Test
    void redeliveredRecordIsIdempotent() {
        registry.offer(version(1));
        assertEquals(VersionState.ACTIVE, registry.offer(version(1)));
        assertEquals(1, loader.loaded().size(), "a redelivery must not load the model again");
    }

    static Stream<Arguments> badRecords() {
        KeyPair stranger = Ed25519Keys.generate();
        ModelSigner strangerSigner = new ModelSigner(stranger.getPrivate(), stranger.getPublic());
        return Stream.of(
                Arguments.of("corrupt bytes", (UnaryOperator<ModelRecord>) TestModels::corrupted, "sha256 mismatch"),
                Arguments.of("unsigned", (UnaryOperator<ModelRecord>) TestModels::unsigned, "unsigned"),
                Arguments.of("untrusted key", (UnaryOperator<ModelRecord>) ignored ->
                        TestModels.signed(DIGITS, 2, TestModels.imageModel(DIGITS, 2), strangerSigner), "untrusted key"),
                Arguments.of("wrong output shape", (UnaryOperator<ModelRecord>) ignored ->
                        TestModels.signed(DIGITS, 2, TestModels.imageModel(DIGITS, 2, List.of(1, 14, 14), false)),
                        "'samples' has shape"),
                Arguments.of("NaN output", (UnaryOperator<ModelRecord>) ignored ->
                        TestModels.signed(DIGITS, 2, TestModels.imageModel(DIGITS, 2, TestModels.IMAGE_SHAPE, true)),
                        "non-finite"),
                Arguments.of("conditional metadata on an unconditional graph", (UnaryOperator<ModelRecord>) ignored ->
                        TestModels.signed(TestModels.imageMetadata("digits", 10), 2,
                                TestModels.imageModel(DIGITS, 2)), "graph inputs"),
                Arguments.of("not ONNX", (UnaryOperator<ModelRecord>) ignored ->
                        TestModels.signed(DIGITS, 2, "definitely not a model".getBytes()), "cannot load"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRecords")
    void aBadRecordIsRejectedWithItsReasonAndThePreviousVersionKeepsServing(
            String what, UnaryOperator<ModelRecord> spoil, String reason) {
        registry.offer(version(1));

        assertEquals(VersionState.REJECTED, registry.offer(spoil.apply(version(2))));

        ModelView view = registry.model("digits");
        assertEquals(1L, view.activeVersion());
        ModelVersionView rejected = view.versions().get(0);
        assertEquals(2, rejected.version());
        assertEquals(VersionState.REJECTED, rejected.state());
        assertTrue(rejected.reason().contains(reason), rejected.reason());
        assertEquals(1, rejections.rejections().size());
        try (ModelLease lease = registry.lease("digits")) {
            assertEquals(1, lease.version());
        }
    }

    @Test
    void aValidRecordReplacesAnEarlierRejectionOfTheSameVersion() {
        registry.offer(TestModels.unsigned(version(1)));
        assertThrows(ModelUnavailableException.class, () -> registry.lease("digits"));

        assertEquals(VersionState.ACTIVE, registry.offer(version(1)));
        assertNull(registry.model("digits").versions().get(0).reason());
    }

    @Test
    void pinHoldsAVersionAgainstNewerOnesAndUnpinFollowsTheNewestAgain() {
        registry.offer(version(1));
        registry.offer(version(2));

        ModelView pinned = registry.pin("digits", 1);
        assertEquals(1L, pinned.activeVersion());
        assertEquals(ModelRegistry.BECAUSE_PINNED, pinned.activeBecause());
        assertEquals(1L, pinned.pinnedVersion());

        assertEquals(VersionState.STANDBY, registry.offer(version(3)));
        try (ModelLease lease = registry.lease("digits")) {
            assertEquals(1, lease.version());
        }

        ModelView unpinned = registry.unpin("digits");
        assertEquals(3L, unpinned.activeVersion());
        assertEquals(ModelRegistry.BECAUSE_NEWEST, unpinned.activeBecause());
        assertNull(unpinned.pinnedVersion());
    }

    @Test
    void onlyReceivedAcceptedVersionsCanBePinned() {
        registry.offer(version(1));
        registry.offer(TestModels.corrupted(version(2)));

        assertThrows(VersionNotServableException.class, () -> registry.pin("digits", 2));
        assertThrows(UnknownModelException.class, () -> registry.pin("digits", 9));
        assertThrows(UnknownModelException.class, () -> registry.pin("letters", 1));
        assertEquals(1L, registry.model("digits").activeVersion());
    }

    @Test
    void unknownNamesAreUnavailableWhileNothingServesAndUnknownAfterwards() {
        assertThrows(ModelUnavailableException.class, () -> registry.lease("digits"));
        registry.offer(version(1));
        assertThrows(UnknownModelException.class, () -> registry.lease("letters"));
    }

    @Test
    void noLeaseFailsWhileVersionsSwapUnderLoad() throws Exception {
        registry.offer(version(1));
        AtomicBoolean swapping = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> clients = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                clients.add(pool.submit(() -> {
                    int served = 0;
                    while (swapping.get() || served == 0) {
                        try (ModelLease lease = registry.lease("digits")) {
                            lease.generator().generate(LatentSampler.sample(served, 2, DIGITS), null, 2);
                            served++;
                        }
                    }
                    return served;
                }));
            }
            for (long v = 2; v <= 8; v++) {
                registry.offer(version(v));
            }
            swapping.set(false);
            for (Future<Integer> client : clients) {
                assertTrue(client.get() > 0);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(8L, registry.model("digits").activeVersion());
        assertEquals(List.of(7L, 8L), openVersions(), "every evicted version is closed once drained");
    }
}
