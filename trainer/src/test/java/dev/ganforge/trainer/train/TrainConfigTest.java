package dev.ganforge.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
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
        TrainConfig dcganBn = TrainConfig.fromOptions(Map.of("arch", "dcgan-bn", "dataset", "mnist"));
        assertEquals(34, dcganBn.epochs());
        assertEquals(30, TrainConfig.defaults("infogan", "mnist").epochs());
        assertEquals(16, TrainConfig.defaults("bn5", "mnist").epochs());
        assertEquals(1, dcganBn.gSteps());
        assertEquals(1f, dcganBn.realLabel());
        assertEquals(0f, dcganBn.labelFlip());
        assertEquals(0.999f, dcganBn.ema());
        TrainConfig mlp4 = TrainConfig.defaults("mlp4", "mnist");
        assertEquals(100, mlp4.epochs());
        assertEquals(0.999f, mlp4.ema());
        assertEquals(2, mlp4.gSteps());
    }

    @Test
    void optionsOverrideDefaultsAndRoundTrip() {
        TrainConfig config = TrainConfig.fromOptions(Map.of("arch", "dcgan", "dataset", "mnist", "lr-g", "0.001",
                "feature-matching", "true", "steps", "10", "loss", "wgan-gp"));
        assertEquals(0.001f, config.lrG());
        assertTrue(config.featureMatching());
        assertEquals(config, config.with(Map.of()));
        assertEquals(20, config.with(b -> b.steps(20)).steps());
    }

    @Test
    void recipesAreBuiltAndChangedByName() {
        TrainConfig dcgan = TrainConfig.recipe("dcgan", "mnist").lrG(1e-3f).loss(GanLoss.HINGE).build();
        assertEquals(1e-3f, dcgan.lrG());
        assertEquals(GanLoss.HINGE, dcgan.loss());
        assertEquals(TrainConfig.defaults("dcgan", "mnist").realLabel(), dcgan.realLabel());
        assertEquals(dcgan, dcgan.toBuilder().build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dcgan.with(b -> b.labelFlip(0.7f)));
        assertTrue(e.getMessage().contains("label-flip"), e.getMessage());
    }

    /** run.json of a run written before the config was typed (loss as its option name): it must still read. */
    @Test
    void runJsonKeepsItsFormat() throws Exception {
        String legacy = """
                {"arch": "curves", "dataset": "curves", "loss": "minimax", "epochs": 0, "steps": 5000,
                 "batchSize": 64, "lrG": 1.0E-4, "lrD": 1.0E-4, "beta1G": 0.9, "beta1D": 0.9, "beta2": 0.999,
                 "dSteps": 1, "gSteps": 1, "dPretrainSteps": 0, "seed": 1, "ema": 0.0, "realLabel": 1.0,
                 "labelFlip": 0.0, "featureMatching": false, "gpWeight": 10.0, "checkpointEvery": 0,
                 "logEvery": 100, "limit": 0, "device": null, "infoCategorical": 1.0, "infoContinuous": 1.0}""";
        ObjectMapper json = new ObjectMapper();
        TrainConfig curves = TrainConfig.defaults("curves", null);
        assertEquals(curves, json.readValue(legacy, TrainConfig.class));
        // Written the same way, plus the one field added since (Q's rate: 0, D's, as it was then).
        var written = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(json.writeValueAsString(curves));
        assertEquals(0.0, written.remove("lrQ").asDouble());
        assertEquals(json.readTree(legacy), written);
    }

    @Test
    void qHeadLearnsAtDsRateUnlessGivenItsOwn() {
        TrainConfig unset = TrainConfig.defaults("infogan", "mnist");
        assertEquals(2e-4f, unset.qLearningRate());
        // Unset, it follows D's rate, also when a resume changes D's.
        assertEquals(1e-4f, unset.with(Map.of("lr-d", "0.0001")).qLearningRate());
        TrainConfig info = TrainConfig.fromOptions(Map.of("arch", "infogan", "dataset", "mnist", "lr-q", "0.001"));
        assertEquals(1e-3f, info.qLearningRate());
        assertEquals(1e-3f, info.with(Map.of("lr-d", "0.0001")).qLearningRate());
        assertEquals(info, info.with(Map.of()));
        assertMessage(Map.of("arch", "infogan", "dataset", "mnist", "lr-q", "-1"), "lr-q");
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
