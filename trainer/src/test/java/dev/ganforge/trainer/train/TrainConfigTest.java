package dev.ganforge.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainConfigTest {

    @Test
    void architectureDefaultsFollowTheSeeds() {
        TrainConfig cdcgan = TrainConfig.fromOptions(Map.of("arch", "cdcgan", "dataset", "mnist"));
        assertEquals(2, cdcgan.gSteps());
        TrainConfig curves = TrainConfig.fromOptions(Map.of("arch", "curves"));
        assertEquals(1e-4f, curves.lrG());
        assertEquals(64, curves.batchSize());
        assertEquals("curves", curves.dataset());
        TrainConfig dcgan = TrainConfig.fromOptions(Map.of("arch", "dcgan", "dataset", "mnist"));
        assertEquals(0.9f, dcgan.realLabel());
        assertEquals(2, dcgan.gSteps());
        assertEquals(2, TrainConfig.fromOptions(Map.of("arch", "bn5", "dataset", "mnist")).gSteps());
    }

    @Test
    void optionsOverrideDefaultsAndRoundTrip() {
        TrainConfig config = TrainConfig.fromOptions(Map.of("arch", "dcgan", "dataset", "mnist", "lr-g", "0.001",
                "feature-matching", "true", "steps", "10", "loss", "wgan-gp"));
        assertEquals(0.001f, config.lrG());
        assertTrue(config.featureMatching());
        assertEquals(config, config.with(Map.of()));
        assertEquals(20, config.withSteps(20).steps());
    }

    @Test
    void badOptionsAreOneReadableLine() {
        assertMessage(Map.of("arch", "dcgan", "dataset", "mnist", "lr-g", "fast"), "lr-g");
        assertMessage(Map.of("arch", "dcgan", "dataset", "mnist", "colour", "red"), "colour");
        assertMessage(Map.of("arch", "dcgan", "dataset", "mnist", "loss", "l2"), "l2");
        assertMessage(Map.of("arch", "dcgan"), "dataset");
        assertMessage(Map.of("dataset", "mnist"), "arch");
        assertMessage(Map.of("arch", "curves", "dataset", "mnist"), "curves");
    }

    private static void assertMessage(Map<String, String> options, String mentioned) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.fromOptions(options));
        assertTrue(e.getMessage().contains(mentioned) && !e.getMessage().contains("\n"), e.getMessage());
    }
}
