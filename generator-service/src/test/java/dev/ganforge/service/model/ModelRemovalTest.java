package dev.ganforge.service.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.service.testing.TestModels;
import dev.ganforge.service.testing.TrackingLoader;
import dev.ganforge.shared.contract.ModelRecord;
import dev.ganforge.shared.contract.ModelRemoval;
import dev.ganforge.shared.model.LatentSampler;
import dev.ganforge.shared.signing.Ed25519Keys;
import dev.ganforge.shared.signing.ModelSigner;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signed removals (tombstones on ganforge.models) take versions out of the registry, and only those. */
class ModelRemovalTest extends RegistryFixture {

    @Test
    void aRemovedStandbyVersionLeavesTheListingAndClosesItsSession() {
        registry.offer(version(1));
        registry.offer(version(2));

        registry.remove(removal(version(1)));

        assertEquals(List.of(2L), versions());
        assertEquals(List.of(2L), openVersions());
        assertEquals(List.of(), rejections.rejections());
    }

    @Test
    void removingTheServingVersionHandsOverToTheNewestLoadedOneAndALeaseInFlightFinishes() throws Exception {
        registry.offer(version(1));
        registry.offer(version(2));
        ModelLease inFlight = registry.lease("digits");
        TrackingLoader.Tracked v2 = loader.loaded().get(1);

        registry.remove(removal(version(2)));

        try (ModelLease next = registry.lease("digits")) {
            assertEquals(1, next.version());
        }
        assertFalse(v2.closed(), "the request holding version 2 finishes on it");
        assertEquals(28 * 28, inFlight.generator().generate(LatentSampler.sample(1, 1, DIGITS), null, 1).length);
        inFlight.close();
        assertTrue(v2.closed(), "its last lease closes the removed version");
        assertEquals(1L, registry.model("digits").activeVersion());
    }

    @Test
    void removingThePinnedVersionUnpinsAndTheNewestServesAgain() {
        registry.offer(version(1));
        registry.offer(version(2));
        registry.pin("digits", 1);

        registry.remove(removal(version(1)));

        ModelView view = registry.model("digits");
        assertNull(view.pinnedVersion());
        assertEquals(2L, view.activeVersion());
        assertEquals(ModelRegistry.BECAUSE_NEWEST, view.activeBecause());
    }

    @Test
    void removingEveryVersionForgetsTheModel() {
        registry.offer(version(1));

        registry.remove(removal(version(1)));

        assertThrows(UnknownModelException.class, () -> registry.model("digits"));
        assertThrows(ModelUnavailableException.class, () -> registry.lease("digits"));
        assertEquals(List.of(), openVersions());
    }

    @Test
    void aRemovedVersionProducedAgainStaysRemoved() {
        registry.offer(version(1));
        registry.offer(version(2));
        registry.remove(removal(version(1)));

        assertEquals(VersionState.REJECTED, registry.offer(version(1)));

        assertEquals(List.of(2L), versions());
        assertEquals(2L, registry.model("digits").activeVersion());
    }

    @Test
    void aStagedVersionRemovedDuringTheReplayIsNeverLoaded() {
        for (long v = 1; v <= 3; v++) {
            registry.stage(version(v));
        }
        registry.remove(removal(version(3)));
        registry.remove(removal(version(1)));

        registry.loadStaged();

        assertEquals(List.of(2L), versions());
        assertEquals(List.of(2L), loader.loaded().stream().map(TrackingLoader.Tracked::version).toList());
        assertEquals(2L, registry.model("digits").activeVersion());
    }

    @Test
    void anUntrustedUnsignedOrMismatchedRemovalIsRejectedAndChangesNothing() {
        registry.offer(version(1));
        registry.offer(version(2));
        KeyPair stranger = Ed25519Keys.generate();
        ModelRecord v2 = version(2);

        registry.remove(ModelRemoval.sign("digits", 2, v2.sha256(), new ModelSigner(stranger.getPrivate(),
                stranger.getPublic())));
        registry.remove(new ModelRemoval("digits", 2, v2.sha256(), null, null));
        registry.remove(ModelRemoval.sign("digits", 2, version(1).sha256(), TestModels.SIGNER));

        assertEquals(List.of(2L, 1L), versions());
        assertEquals(2L, registry.model("digits").activeVersion());
        List<String> reasons = rejections.rejections();
        assertEquals(3, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).startsWith("digits@2: removal: signed by untrusted key"), reasons.get(0));
        assertTrue(reasons.get(1).contains("record is unsigned"), reasons.get(1));
        assertTrue(reasons.get(2).contains("but version 2 has " + v2.sha256()), reasons.get(2));
    }

    @Test
    void aRemovalOfAVersionNeverReceivedIsHarmless() {
        registry.offer(version(2));

        registry.remove(removal(version(1)));

        assertEquals(List.of(2L), versions());
        assertEquals(List.of(), rejections.rejections());
    }

    private List<Long> versions() {
        return registry.model("digits").versions().stream().map(ModelVersionView::version).toList();
    }

    private static ModelRemoval removal(ModelRecord record) {
        return ModelRemoval.sign(record.name(), record.version(), record.sha256(), TestModels.SIGNER);
    }
}
