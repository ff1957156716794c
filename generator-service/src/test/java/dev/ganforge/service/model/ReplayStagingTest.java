package dev.ganforge.service.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.service.testing.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A start-up replay stages records and loads only the versions the registry keeps. */
class ReplayStagingTest extends RegistryFixture {

    @Test
    void ofALongHistoryOnlyTheRetainedNewestVersionsAreEverLoaded() {
        for (long v = 1; v <= 5; v++) {
            registry.stage(version(v));
        }

        assertEquals(List.of(VersionState.PENDING, VersionState.PENDING, VersionState.EVICTED,
                VersionState.EVICTED, VersionState.EVICTED), states());
        assertTrue(loader.loaded().isEmpty(), "nothing loads while the replay runs");
        assertTrue(registry.anyStaged());
        assertThrows(ModelUnavailableException.class, () -> registry.lease("digits"));

        registry.loadStaged();

        assertEquals(2, loader.loaded().size(), "only the two retained versions ever loaded");
        assertEquals(List.of(4L, 5L), openVersions());
        assertEquals(List.of(VersionState.ACTIVE, VersionState.STANDBY, VersionState.EVICTED,
                VersionState.EVICTED, VersionState.EVICTED), states());
        assertFalse(registry.anyStaged());
        try (ModelLease lease = registry.lease("digits")) {
            assertEquals(5, lease.version());
        }
        ModelVersionView skipped = registry.model("digits").versions().get(4);
        assertTrue(skipped.reason().contains("never loaded"), skipped.reason());
        assertEquals(DIGITS.latentSize(), skipped.metadata().latentSize(), "a skipped version stays described");
        assertTrue(rejections.rejections().isEmpty(), rejections.rejections().toString());
    }

    @Test
    void aBadRecordIsRejectedWhenStagedAndTheOthersStillLoad() {
        registry.stage(version(1));

        assertEquals(VersionState.REJECTED, registry.stage(TestModels.unsigned(version(2))));
        registry.loadStaged();

        assertEquals(1L, registry.model("digits").activeVersion());
        assertEquals(List.of(VersionState.REJECTED, VersionState.ACTIVE), states());
        assertEquals(1, rejections.rejections().size());
    }

    @Test
    void aStagedNewestThatFailsItsSmokeRunIsRejectedAndTheNextNewestServes() {
        registry.stage(version(1));
        registry.stage(version(2));
        // Signed and verified, but its output is NaN: only loading (the smoke run) finds out.
        registry.stage(TestModels.signed(DIGITS, 3,
                TestModels.imageModel(DIGITS, 3, TestModels.IMAGE_SHAPE, true)));

        registry.loadStaged();

        assertEquals(2L, registry.model("digits").activeVersion());
        assertEquals(List.of(VersionState.REJECTED, VersionState.ACTIVE, VersionState.EVICTED), states());
        assertTrue(rejections.rejections().get(0).contains("non-finite"), rejections.rejections().toString());
        assertFalse(registry.anyStaged());
    }

    @Test
    void aStagedVersionCannotBePinnedUntilItIsLoaded() {
        registry.stage(version(1));
        registry.stage(version(2));

        VersionNotServableException failure = assertThrows(VersionNotServableException.class,
                () -> registry.pin("digits", 1));
        assertTrue(failure.getMessage().contains("replaying"), failure.getMessage());
        registry.unpin("digits");
        registry.loadStaged();

        assertEquals(1L, registry.pin("digits", 1).activeVersion());
    }

    @Test
    void aRedeliveryOfAStagedRecordKeepsItStagedOnce() {
        registry.stage(version(1));

        assertEquals(VersionState.PENDING, registry.stage(version(1)));
        registry.loadStaged();

        assertEquals(1, loader.loaded().size());
        assertEquals(VersionState.ACTIVE, registry.offer(version(1)));
    }
}
