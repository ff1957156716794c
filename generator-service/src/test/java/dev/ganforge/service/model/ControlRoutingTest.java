package dev.ganforge.service.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.service.testing.TestModels;
import dev.ganforge.shared.contract.ControlRecord;
import dev.ganforge.shared.contract.ModelRouting;
import dev.ganforge.shared.signing.Ed25519Keys;
import dev.ganforge.shared.signing.ModelSigner;
import java.security.KeyPair;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Routing from the control topic: pins and canary splits signed by a trusted key apply, anything else does not. */
class ControlRoutingTest extends RegistryFixture {

    @Test
    void aSignedPinAppliesAndAPinArrivingBeforeItsVersionAppliesWhenTheVersionLoads() {
        registry.route(control(ModelRouting.pinned(2), TestModels.SIGNER));
        registry.offer(version(1));
        registry.offer(version(2));
        registry.offer(version(3));

        assertEquals(2L, registry.model("digits").activeVersion());
        assertEquals(ModelRegistry.BECAUSE_PINNED, registry.model("digits").activeBecause());
    }

    @Test
    void aControlRecordWithABadSignatureIsRejectedWithAReasonAndChangesNothing() {
        registry.offer(version(1));
        registry.offer(version(2));
        KeyPair stranger = Ed25519Keys.generate();

        registry.route(control(ModelRouting.pinned(1), new ModelSigner(stranger.getPrivate(), stranger.getPublic())));

        assertEquals(2L, registry.model("digits").activeVersion());
        assertEquals(ModelRouting.NEWEST, registry.routingOf("digits"));
        assertTrue(rejections.rejections().get(0).contains("control: signed by untrusted key"),
                rejections.rejections().toString());
    }

    @Test
    void anOlderControlRecordProducedAgainIsAReplay() throws Exception {
        registry.offer(version(1));
        registry.offer(version(2));
        ControlRecord old = control(ModelRouting.pinned(1), TestModels.SIGNER);
        Thread.sleep(2); // issuedAt must differ by at least a millisecond; not a synchronisation
        registry.route(old);
        registry.route(control(ModelRouting.NEWEST, TestModels.SIGNER));

        registry.route(old);

        assertEquals(2L, registry.model("digits").activeVersion());
        assertTrue(rejections.rejections().get(0).contains("replay"), rejections.rejections().toString());
    }

    @Test
    void aCanarySplitServesBothVersionsByWeightAndTheSameVersionForASeed() {
        registry.offer(version(1));
        registry.offer(version(2));
        registry.route(control(ModelRouting.canary(1, 2, 50), TestModels.SIGNER));

        Set<Long> drawn = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            long first = leasedVersion(seed);
            assertEquals(first, leasedVersion(seed), "a seed always draws the same version");
            drawn.add(first);
        }
        assertEquals(Set.of(1L, 2L), drawn);
        assertEquals(1L, registry.model("digits").activeVersion());
        assertEquals(ModelRegistry.BECAUSE_CANARY, registry.model("digits").activeBecause());
    }

    private long leasedVersion(long seed) {
        try (ModelLease lease = registry.leaseRouted("digits", seed)) {
            return lease.version();
        }
    }

    private static ControlRecord control(ModelRouting routing, ModelSigner signer) {
        return ControlRecord.sign("digits", routing, "test", signer);
    }
}
