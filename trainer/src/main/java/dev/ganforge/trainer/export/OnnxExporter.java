package dev.ganforge.trainer.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ganforge.shared.inference.GeneratorSession;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.onnx.OnnxModelBuilder;
import dev.ganforge.trainer.nn.GanArchitecture;
import dev.ganforge.trainer.train.TrainedGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Exports a run's generator as a standard ONNX model carrying {@link ModelMetadata}, and proves the export: the
 * same latents and labels go through DJL and through ONNX Runtime, and the export is refused unless they agree
 * within {@link ParityCheck#TOLERANCE}.
 */
public final class OnnxExporter {

    /** Optional evaluation metrics of a run ({@code {"fid": 12.3, …}}), copied into the model metadata. */
    public static final String METRICS_FILE = "metrics.json";

    // Enough samples to cycle every label of the conditional models at least once, in one batch.
    private static final int PARITY_SAMPLES = 64;
    private static final long PARITY_SEED = 20_240_601L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final String ganforgeVersion;

    /**
     * @param clock           stamps {@code createdAt}
     * @param ganforgeVersion version of the exporting trainer, e.g. {@code GanforgeVersion.current()}
     */
    public OnnxExporter(Clock clock, String ganforgeVersion) {
        this.clock = clock;
        this.ganforgeVersion = ganforgeVersion;
    }

    /**
     * Exports the latest checkpoint of a run.
     *
     * @param ema  export the EMA weights instead of the raw generator
     * @param name model name; {@code null} derives one from dataset and architecture
     * @throws UnusableRunException when the run is missing, incomplete or of an unknown architecture
     * @throws ExportException      when the generator cannot be translated or the parity check fails
     */
    public ExportResult export(Path runDir, boolean ema, String name) {
        try (TrainedGenerator trained = RunGeneratorLoader.load(runDir, ema)) {
            return export(trained, name, readMetrics(runDir));
        }
    }

    /** Exports an already loaded generator; {@code metrics} may be empty. */
    public ExportResult export(TrainedGenerator trained, String name, Map<String, Double> metrics) {
        ModelMetadata metadata = GeneratorMetadata.describe(trained, name, metrics, Instant.now(clock),
                ganforgeVersion);
        GanArchitecture architecture = trained.architecture();
        byte[] onnx;
        try {
            onnx = new OnnxModelBuilder(new GeneratorGraphTranslator(architecture)
                    .translate(trained.generator(), metadata.name()))
                    .producerVersion(String.valueOf(metadata.ganforgeVersion()))
                    .docString("ganforge " + architecture.name() + " generator, run " + metadata.runId())
                    .metadata(metadata.toOnnxProperties())
                    .toBytes();
        } catch (UnsupportedBlockException e) {
            throw new ExportException(e.getMessage(), e);
        }
        ParityCheck parity = new ParityCheck(PARITY_SEED, PARITY_SAMPLES);
        float diff;
        try (GeneratorSession onnxGenerator = GeneratorSession.open(onnx, metadata)) {
            diff = parity.maxAbsDiff(trained::generate, onnxGenerator, metadata);
        }
        if (!parity.passes(diff)) {
            throw new ExportException(String.format(Locale.ROOT,
                    "parity check failed: DJL and ONNX Runtime differ by max |diff| %.3g > %.0e", diff,
                    ParityCheck.TOLERANCE));
        }
        return new ExportResult(onnx, metadata, diff);
    }

    /** Numeric top-level fields of {@code metrics.json}; empty when the run has none. */
    static Map<String, Double> readMetrics(Path runDir) {
        Path file = runDir.resolve(METRICS_FILE);
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return metrics;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            root.fields().forEachRemaining(field -> {
                if (field.getValue().isNumber()) {
                    metrics.put(field.getKey(), field.getValue().doubleValue());
                }
            });
        } catch (IOException e) {
            throw new ExportException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return metrics;
    }
}
