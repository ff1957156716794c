package dev.ganforge.bench.training;

import ai.djl.ndarray.NDManager;
import dev.ganforge.trainer.nn.Architectures;
import dev.ganforge.trainer.nn.GanArchitecture;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForwardFlopsTest {

    private static ForwardFlops count(String name) {
        GanArchitecture arch = Architectures.byName(name);
        try (NDManager manager = NDManager.newBaseManager()) {
            return ForwardFlops.of(arch, arch.initializedGenerator(manager), arch.initializedDiscriminator(manager));
        }
    }

    @Test
    void mlpCountsBothLinearLayersOfEachNetwork() {
        ForwardFlops flops = count("mlp");
        assertEquals(2L * (100 * 128 + 128 * 784), flops.generator());
        assertEquals(2L * (784 * 128 + 128), flops.discriminator());
    }

    @Test
    void dcganCountsTransposedConvolutionsAtTheirUsefulCost() {
        ForwardFlops flops = count("dcgan");
        long linear = 2L * 100 * 6272;
        long up1 = 2L * (128 * 7 * 7) * 4 * 4 * 64;
        long up2 = 2L * (64 * 14 * 14) * 4 * 4;
        assertEquals(linear + up1 + up2, flops.generator());
        long conv1 = 2L * 4 * 4 * 64 * 14 * 14;
        long conv2 = 2L * 64 * 4 * 4 * 128 * 7 * 7;
        assertEquals(conv1 + conv2 + 2L * 6272, flops.discriminator());
    }

    @Test
    void conditionalNetworksAreCountedThroughTheirLabelInputs() {
        // LabelConcat needs the label shape alongside x; the walk must carry it and still reach every layer.
        ForwardFlops flops = count("cdcgan");
        assertTrue(flops.generator() > 0 && flops.discriminator() > 0, flops.toString());
    }

    @Test
    void trainingEstimateAddsBackwardPassesPerStep() {
        ForwardFlops flops = new ForwardFlops(10, 100);
        // D step: G forward + 3 × D on a real and a fake batch; each G step: 3 × (G + D).
        assertEquals(10 + 600 + 330, flops.trainingPerImage(1));
        assertEquals(10 + 600 + 660, flops.trainingPerImage(2));
    }
}
