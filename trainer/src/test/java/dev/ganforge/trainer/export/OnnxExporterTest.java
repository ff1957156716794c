package dev.ganforge.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import dev.ganforge.shared.inference.GeneratorSession;
import dev.ganforge.shared.model.LatentSampler;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.onnx.OnnxModelInfo;
import dev.ganforge.shared.onnx.OnnxModelReader;
import dev.ganforge.shared.testing.ReferenceChecker;
import dev.ganforge.trainer.train.RunDirectory;
import dev.ganforge.trainer.train.RunManifest;
import dev.ganforge.trainer.train.TrainedGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OnnxExporterTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");

    private static final OnnxExporter EXPORTER = new OnnxExporter(Clock.fixed(NOW, ZoneOffset.UTC), "9.9.9-test");

    // The conditional generator is the largest (27 MB of weights); several tests share one export of it.
    private static TrainedGenerator cdcgan;
    private static ExportResult cdcganExport;

    private final OnnxExporter exporter = EXPORTER;

    @TempDir
    Path dir;

    @BeforeAll
    static void exportConditionalGenerator() {
        cdcgan = FreshRuns.generator("cdcgan", 11);
        cdcganExport = EXPORTER.export(cdcgan, "digits", Map.of("fid", 42.5));
    }

    @AfterAll
    static void releaseConditionalGenerator() {
        cdcgan.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "mlp4", "cdcgan", "dcgan", "dcgan-bn", "bn5", "infogan", "curves"})
    void everyArchitectureExportsToValidOnnxThatMatchesDjlAtBatchOneAndSixtyFour(String architecture)
            throws Exception {
        boolean shared = architecture.equals("cdcgan");
        try (TrainedGenerator fresh = shared ? null : FreshRuns.generator(architecture, 11)) {
            TrainedGenerator trained = shared ? cdcgan : fresh;
            ExportResult result = shared ? cdcganExport : exporter.export(trained, "parity", Map.of());

            assertTrue(result.parityMaxAbsDiff() <= ParityCheck.TOLERANCE,
                    "export parity " + result.parityMaxAbsDiff());
            ReferenceChecker.assertValid(result.onnx(), dir);
            try (GeneratorSession onnx = GeneratorSession.open(result.onnx(), result.metadata())) {
                for (int batch : new int[] {1, 64}) {
                    float diff = new ParityCheck(1000 + batch, batch)
                            .maxAbsDiff(trained::generate, onnx, result.metadata());
                    assertTrue(diff <= ParityCheck.TOLERANCE, architecture + " batch " + batch + ": " + diff);
                }
                float[] samples = onnx.generate(LatentSampler.sample(3, 64, result.metadata()),
                        ParityCheck.cyclingLabels(64, result.metadata().labelCount()));
                assertEquals(64 * result.metadata().sampleSize(), samples.length);
                if (result.metadata().outputKind().equals("image")) {
                    for (float v : samples) {
                        assertTrue(v >= 0f && v <= 1f, "image value outside [0, 1]: " + v);
                    }
                }
            }
        }
    }

    @Test
    void fixtureBatchNormStatisticsAreNotTheInitialOnes() {
        // Otherwise inference-form batch norm would be the identity and parity would prove little.
        Block norm = cdcgan.generator().getChildren().stream().map(Pair::getValue)
                .filter(BatchNorm.class::isInstance).findFirst().orElseThrow();
        float[] mean = norm.getDirectParameters().get("runningMean").getArray().toFloatArray();
        float[] var = norm.getDirectParameters().get("runningVar").getArray().toFloatArray();
        assertTrue(IntStream.range(0, mean.length).anyMatch(i -> Math.abs(mean[i]) > 1e-3));
        assertTrue(IntStream.range(0, var.length).anyMatch(i -> Math.abs(var[i] - 1f) > 1e-3));
    }

    @Test
    void conditionalModelAgreesWithDjlForEveryLabelAndTheLabelMatters() {
        ModelMetadata metadata = cdcganExport.metadata();
        float[] z = LatentSampler.sample(42, 2, metadata);
        float[] previous = null;
        try (GeneratorSession onnx = GeneratorSession.open(cdcganExport.onnx(), metadata)) {
            for (int label = 0; label < metadata.labelCount(); label++) {
                int[] labels = {label, label};
                float[] expected = cdcgan.generate(z, labels);
                float[] actual = onnx.generate(z, labels);
                assertTrue(maxAbsDiff(expected, actual) <= ParityCheck.TOLERANCE, "label " + label);
                if (previous != null) {
                    assertTrue(maxAbsDiff(previous, actual) > 1e-4, "label " + label + " changed nothing");
                }
                previous = actual;
            }
        }
    }

    @Test
    void metadataDescribesTheModelAndTravelsInTheFile() {
        ModelMetadata metadata = cdcganExport.metadata();
        assertEquals(new ModelMetadata("digits", "cdcgan", 100, "uniform", 10,
                cdcgan.manifest().labelNames(), "image", List.of(1, 28, 28), "mnist", "f1ngerpr1nt",
                FreshRuns.RUN_ID, 7, NOW.toString(), "9.9.9-test", Map.of("fid", 42.5)), metadata);
        OnnxModelInfo info = OnnxModelReader.read(cdcganExport.onnx());
        assertEquals(metadata, info.ganforgeMetadata());
        assertEquals(List.of("z", "label"), info.inputNames());
        assertEquals(List.of("samples"), info.outputNames());
        assertEquals(List.of(-1L, 100L), info.inputs().get(0).shape());
        assertEquals(List.of(-1L, 1L, 28L, 28L), info.outputs().get(0).shape());
    }

    @Test
    void exportsTheLatestCheckpointOfARunDirectoryWithItsMetrics() throws Exception {
        Path run = FreshRuns.runDirectory(dir.resolve("run"), "dcgan", 17);
        Files.writeString(run.resolve(OnnxExporter.METRICS_FILE), "{\"fid\": 12.5, \"classifier\": \"lenet\"}");

        ExportResult result = exporter.export(run, true, null);

        assertEquals("mnist-dcgan", result.metadata().name());
        assertEquals(Map.of("fid", 12.5), result.metadata().metrics());
        assertEquals(7, result.metadata().step());
        assertEquals(List.of(), OnnxModelReader.read(result.onnx()).ganforgeMetadata().labelNames());
        assertTrue(result.parityMaxAbsDiff() <= ParityCheck.TOLERANCE);
        ReferenceChecker.assertValid(result.onnx(), dir);
    }

    @Test
    void refusesWhatIsNoCompleteRunWithOneReadableLine() throws Exception {
        assertRefused(dir.resolve("nothing-here"), false, "no run directory");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertRefused(empty, false, "not a training run");

        Path untrained = dir.resolve("untrained");
        FreshRuns.runDirectory(untrained, "curves", 1);
        Path noCheckpoint = Files.createDirectories(dir.resolve("no-checkpoint"));
        Files.copy(untrained.resolve(RunManifest.FILE), noCheckpoint.resolve(RunManifest.FILE));
        assertRefused(noCheckpoint, false, "no checkpoint");

        Path unknown = Files.createDirectories(dir.resolve("unknown-arch"));
        String manifest = Files.readString(untrained.resolve(RunManifest.FILE));
        Files.writeString(unknown.resolve(RunManifest.FILE),
                manifest.replace("\"arch\" : \"curves\"", "\"arch\" : \"stylegan\""));
        assertRefused(unknown, false, "unknown architecture 'stylegan'");
    }

    @Test
    void refusesEmaExportOfARunTrainedWithoutEma() throws Exception {
        Path run = FreshRuns.runDirectory(dir.resolve("run"), "curves", 1);
        Path checkpoint = new RunDirectory(run).latestCheckpoint().orElseThrow();
        Files.delete(checkpoint.resolve(RunDirectory.GENERATOR_EMA));

        assertRefused(run, true, "without --ema");
        assertEquals("curves", exporter.export(run, false, null).metadata().name());
    }

    private void assertRefused(Path run, boolean ema, String expected) {
        UnusableRunException error = assertThrows(UnusableRunException.class, () -> exporter.export(run, ema, null));
        assertTrue(error.getMessage().contains(expected), error.getMessage());
        assertFalse(error.getMessage().contains("\n"), error.getMessage());
    }

    private static float maxAbsDiff(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
