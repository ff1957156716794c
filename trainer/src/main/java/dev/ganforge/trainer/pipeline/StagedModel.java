package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.model.ModelMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The model a request's job produced, kept in its run dir until the request has an outcome. Training twice gives
 * other bytes (the export stamps its time), so a worker that died after training, or after publishing but before
 * its outcome event, would otherwise publish a second version; one that finds the staged model publishes those
 * bytes again, which the publisher's SHA-256 check turns into the version the first attempt made.
 */
final class StagedModel {

    static final String DIR = "staged";
    private static final String ONNX = "model.onnx";
    private static final String METADATA = "metadata.json";

    private StagedModel() {
    }

    static Optional<TrainedModel> read(Path runDir) {
        Path dir = runDir.resolve(DIR);
        // The metadata is written last: with it present, the bytes are complete.
        if (!Files.exists(dir.resolve(METADATA))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new TrainedModel(Files.readAllBytes(dir.resolve(ONNX)),
                    ModelMetadata.fromJson(Files.readString(dir.resolve(METADATA), StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the staged model in " + dir, e);
        }
    }

    static void write(Path runDir, TrainedModel model) {
        Path dir = runDir.resolve(DIR);
        try {
            Files.createDirectories(dir);
            atomically(dir.resolve(ONNX), model.onnx());
            atomically(dir.resolve(METADATA), model.metadata().toJson().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the model in " + dir, e);
        }
    }

    private static void atomically(Path target, byte[] bytes) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.write(partial, bytes);
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
