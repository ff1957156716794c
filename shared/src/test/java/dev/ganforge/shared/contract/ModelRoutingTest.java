package dev.ganforge.shared.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.shared.signing.Ed25519Keys;
import dev.ganforge.shared.signing.ModelSigner;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A canary's start, promotion and abort (docs/contracts.md, "ganforge.control"). */
class ModelRoutingTest {

    @Test
    void aCanaryRemembersTheRoutingItReplacedEvenWhenItReplacesAnotherCanary() {
        ModelRouting first = ModelRouting.pinned(3).withCanary(3, 4, 10);
        ModelRouting second = first.withCanary(3, 5, 20);

        assertEquals(ModelRouting.pinned(3), first.previous());
        assertEquals(ModelRouting.pinned(3), second.previous());
        assertEquals(ModelRouting.NEWEST, ModelRouting.NEWEST.withCanary(3, 4, 10).previous());
    }

    @Test
    void promotingTheNewestFollowsTheNewestAgainAndAnOlderCanaryIsPinned() {
        ModelRouting canary = ModelRouting.pinned(3).withCanary(3, 4, 10);

        assertEquals(ModelRouting.NEWEST, canary.promoted(4));
        assertEquals(ModelRouting.pinned(4), canary.promoted(5), "version 5 was never tried");
    }

    @Test
    void abortingReturnsToThePreviousRoutingUnlessThatWouldServeTheCanary() {
        assertEquals(ModelRouting.pinned(2), ModelRouting.pinned(2).withCanary(3, 4, 10).aborted(4));
        assertEquals(ModelRouting.NEWEST, ModelRouting.NEWEST.withCanary(3, 4, 10).aborted(5),
                "the newest is 5, not the aborted canary");
        assertEquals(ModelRouting.pinned(3), ModelRouting.NEWEST.withCanary(3, 4, 10).aborted(4),
                "following the newest would serve the aborted canary");
        assertEquals(ModelRouting.pinned(3), ModelRouting.pinned(4).withCanary(3, 4, 10).aborted(5));
        assertEquals(ModelRouting.pinned(3), ModelRouting.canary(3, 4, 10).aborted(5), "no previous: pin stable");
    }

    @Test
    void onlyACanaryCanBePromotedOrAborted() {
        assertThrows(IllegalStateException.class, () -> ModelRouting.NEWEST.promoted(1));
        assertThrows(IllegalStateException.class, () -> ModelRouting.pinned(1).aborted(1));
    }

    @Test
    void previousIsValidatedAndTravelsInTheSignedRecord() {
        ModelRouting nested = new ModelRouting(ModelRouting.Mode.CANARY, 3L, 4L, 10, ModelRouting.canary(1, 2, 5));
        assertTrue(nested.problems().contains("previous must be newest or pinned, not a canary split"),
                nested.problems().toString());
        assertTrue(new ModelRouting(ModelRouting.Mode.PINNED, 3L, null, null, ModelRouting.NEWEST).problems()
                .contains("pinned takes no previous"));

        KeyPair keys = Ed25519Keys.generate();
        ModelRouting canary = ModelRouting.pinned(3).withCanary(3, 4, 10);
        ControlRecord signed = ControlRecord.sign("digits", canary, "test", new ModelSigner(keys.getPrivate(),
                keys.getPublic()));

        assertTrue(signed.valueJson().contains("\"previous\":{\"mode\":\"pinned\",\"version\":3}"), signed.valueJson());
        assertEquals(canary, ControlRecord.fromKafka("digits", signed.value(), signed.headers()).body().routing());
        assertEquals(List.of(), canary.problems());
    }
}
