package dev.ganforge.trainer.sample;

import dev.ganforge.shared.inference.GeneratorSession;
import dev.ganforge.shared.inference.SampleGenerator;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.onnx.OnnxModelReader;
import dev.ganforge.trainer.export.GeneratorMetadata;
import dev.ganforge.trainer.export.RunGeneratorLoader;
import dev.ganforge.trainer.train.TrainedGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A generator opened for sampling: a run directory's latest checkpoint run by DJL, or an exported model run by ONNX
 * Runtime. Both draw on the same {@link ModelMetadata}, so the same seed gives the same latents either way.
 *
 * @param engine {@code DJL} or {@code ONNX Runtime}, for messages
 */
public record SampleSource(ModelMetadata metadata, SampleGenerator generator, String engine,
                           AutoCloseable resource) implements AutoCloseable {

    /**
     * @param from a run directory or an {@code .onnx} file written by {@code ganforge export}
     * @param ema  use the run's EMA weights (run directories only)
     * @throws IllegalArgumentException with a one-line reason when {@code from} is neither
     */
    public static SampleSource open(Path from, boolean ema) {
        if (Files.isDirectory(from)) {
            TrainedGenerator trained = RunGeneratorLoader.load(from, ema);
            ModelMetadata metadata = GeneratorMetadata.describe(trained, null, Map.of(), Instant.now(),
                    trained.manifest().ganforgeVersion());
            return new SampleSource(metadata, trained::generate, "DJL", trained);
        }
        if (!Files.isRegularFile(from)) {
            throw new IllegalArgumentException("no run directory or model file at " + from);
        }
        if (ema) {
            throw new IllegalArgumentException("--ema selects weights of a run directory; " + from
                    + " is an exported model (export it with --ema instead)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(from);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ModelMetadata metadata;
        try {
            metadata = OnnxModelReader.read(bytes).ganforgeMetadata();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(from + " is not a ganforge model: " + e.getMessage(), e);
        }
        GeneratorSession onnx = GeneratorSession.open(bytes, metadata);
        return new SampleSource(metadata, onnx, "ONNX Runtime", onnx);
    }

    @Override
    public void close() {
        try {
            resource.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the " + engine + " generator failed", e);
        }
    }
}
