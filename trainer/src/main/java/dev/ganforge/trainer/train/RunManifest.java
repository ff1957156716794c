package dev.ganforge.trainer.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code run.json}: what a run is — its config, the data it saw, the software and device it ran on.
 *
 * @param runId              the run directory's name
 * @param config             the full training config
 * @param dataset            dataset id
 * @param datasetFingerprint SHA-256 of the data used
 * @param datasetSize        samples used
 * @param labelNames         class names (empty when unlabelled)
 * @param device             device the run started on
 * @param djlVersion         DJL version
 * @param engine             engine name and version
 * @param ganforgeVersion    trainer version
 * @param createdAt          ISO-8601 instant the run started
 */
public record RunManifest(String runId, TrainConfig config, String dataset, String datasetFingerprint,
                          int datasetSize, List<String> labelNames, String device, String djlVersion, String engine,
                          String ganforgeVersion, String createdAt) {

    public static final String FILE = "run.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The manifest of a run starting now in {@code runDir} on {@code device}, with this engine and trainer. */
    static RunManifest start(TrainConfig config, TrainingData data, Path runDir, Device device) {
        String version = RunManifest.class.getPackage().getImplementationVersion();
        Engine engine = Engine.getInstance();
        return new RunManifest(runDir.getFileName().toString(), config, data.id(), data.fingerprint(), data.size(),
                data.labelNames(), device.toString(), Engine.getDjlVersion(),
                engine.getEngineName() + " " + engine.getVersion(), version == null ? "dev" : version,
                Instant.now().toString());
    }

    public void write(Path runDir) throws IOException {
        Files.createDirectories(runDir);
        JSON.writeValue(runDir.resolve(FILE).toFile(), this);
    }

    /**
     * Whether {@code from} is a run that kept an EMA generator: what export, sample and evaluate use by default, since
     * the moving average draws cleaner samples than G's last step. False for anything else (an .onnx file, a
     * directory that is not a run: the caller reports those).
     */
    public static boolean keptEma(Path from) {
        if (!Files.isDirectory(from)) {
            return false;
        }
        try {
            return read(from).config().ema() > 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public static RunManifest read(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(runDir + " is not a training run (no " + FILE + ")");
        }
        return JSON.readValue(file.toFile(), RunManifest.class);
    }
}
