package dev.ganforge.trainer.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ganforge.trainer.engine.ConvolutionCheck;
import dev.ganforge.trainer.nn.Architectures;
import dev.ganforge.trainer.nn.GanArchitecture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The layout of a run directory:
 * <pre>
 * run.json                       config, data id + fingerprint, versions, device
 * metrics.csv                    one row per iteration
 * loss.png                       loss curves
 * samples/epoch-NNN.png          fixed-latent sample grid (or curve plot) after each epoch
 * checkpoints/latest             name of the newest complete checkpoint
 * checkpoints/step-NNNNNNNNN/    generator.params, discriminator.params, [generator-ema.params],
 *                                adam-g.bin, adam-d.bin, state.json
 * </pre>
 * A checkpoint is written to a temporary directory and renamed into place before {@code latest} is switched, so
 * an interrupted run always leaves the previous complete checkpoint.
 */
public final class RunDirectory {

    public static final String CHECKPOINTS = "checkpoints";
    public static final String LATEST = "latest";
    public static final String GENERATOR = "generator.params";
    public static final String GENERATOR_EMA = "generator-ema.params";
    public static final String DISCRIMINATOR = "discriminator.params";
    public static final String ADAM_G = "adam-g.bin";
    public static final String ADAM_D = "adam-d.bin";
    public static final String STATE = "state.json";
    public static final String SAMPLES = "samples";
    public static final String LOSS_PLOT = "loss.png";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    public RunDirectory(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Path> latestCheckpoint() {
        Path pointer = root.resolve(CHECKPOINTS).resolve(LATEST);
        if (!Files.isRegularFile(pointer)) {
            return Optional.empty();
        }
        try {
            Path dir = root.resolve(CHECKPOINTS).resolve(Files.readString(pointer, StandardCharsets.UTF_8).trim());
            return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public CheckpointState readState(Path checkpoint) throws IOException {
        return JSON.readValue(checkpoint.resolve(STATE).toFile(), CheckpointState.class);
    }

    /** Fills a fresh temporary directory via {@code writer}, then publishes it as the latest checkpoint. */
    public Path writeCheckpoint(CheckpointState state, CheckpointWriter writer) throws IOException {
        Path checkpoints = Files.createDirectories(root.resolve(CHECKPOINTS));
        String name = String.format("step-%09d", state.step());
        Path tmp = checkpoints.resolve(name + ".tmp");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        writer.write(tmp);
        JSON.writeValue(tmp.resolve(STATE).toFile(), state);
        Path target = checkpoints.resolve(name);
        deleteTree(target);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        Path pointerTmp = checkpoints.resolve(LATEST + ".tmp");
        Files.writeString(pointerTmp, name + "\n", StandardCharsets.UTF_8);
        Files.move(pointerTmp, checkpoints.resolve(LATEST), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        try (Stream<Path> old = Files.list(checkpoints)) {
            for (Path p : old.filter(p -> Files.isDirectory(p) && !p.equals(target)).toList()) {
                deleteTree(p);
            }
        }
        return target;
    }

    /** Writes the files of one checkpoint into a directory. */
    @FunctionalInterface
    public interface CheckpointWriter {
        void write(Path dir) throws IOException;
    }

    /**
     * The generator of a run's latest checkpoint, in inference mode, on the engine's default device.
     *
     * @param ema the exponential-moving-average weights (the run must have used {@code --ema})
     * @throws IOException when the directory holds no run or no checkpoint, or the weights do not fit
     */
    public static TrainedGenerator loadGenerator(Path runDir, boolean ema) throws IOException {
        return loadGenerator(runDir, ema, null);
    }

    /** As {@link #loadGenerator(Path, boolean)}, on {@code device} ({@code null}: the engine default). */
    public static TrainedGenerator loadGenerator(Path runDir, boolean ema, Device device) throws IOException {
        RunManifest manifest = RunManifest.read(runDir);
        RunDirectory dir = new RunDirectory(runDir);
        Path checkpoint = dir.latestCheckpoint()
                .orElseThrow(() -> new IOException(runDir + " has no checkpoint yet"));
        Path weights = checkpoint.resolve(ema ? GENERATOR_EMA : GENERATOR);
        if (!Files.isRegularFile(weights)) {
            throw new IOException(ema ? runDir + " was trained without --ema; no EMA generator to load"
                    : "missing " + weights);
        }
        CheckpointState state = dir.readState(checkpoint);
        GanArchitecture arch = Architectures.byName(manifest.config().arch());
        ConvolutionCheck.ensureCorrect();
        NDManager manager = device == null ? NDManager.newBaseManager() : NDManager.newBaseManager(device);
        try {
            Block generator = arch.initializedGenerator(manager);
            ParameterFile.read(generator, weights, manager);
            return new TrainedGenerator(arch, generator, manager, manifest, state.step(), ema);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
