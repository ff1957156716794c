package dev.ganforge.trainer.export;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.ganforge.trainer.nn.Architectures;
import dev.ganforge.trainer.nn.GanArchitecture;
import dev.ganforge.trainer.nn.OutputKind;
import dev.ganforge.trainer.train.CheckpointState;
import dev.ganforge.trainer.train.ParameterFile;
import dev.ganforge.trainer.train.RunDirectory;
import dev.ganforge.trainer.train.RunManifest;
import dev.ganforge.trainer.train.TrainConfig;
import dev.ganforge.trainer.train.TrainedGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Generators for export and sampling tests without training: freshly initialised, with batch-norm running
 * statistics moved away from (0, 1) by a few training-mode forwards so inference-form batch norm is really
 * exercised. Training is not needed for parity; the weights only have to be the ones DJL runs.
 */
public final class FreshRuns {

    public static final String RUN_ID = "fresh-run";

    private FreshRuns() {
    }

    public static TrainedGenerator generator(String architectureName, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        GanArchitecture architecture = Architectures.byName(architectureName);
        NDManager manager = NDManager.newBaseManager();
        Block generator = architecture.initializedGenerator(manager);
        stirBatchNormStatistics(architecture, generator, manager);
        return new TrainedGenerator(architecture, generator, manager, manifest(architecture), 7, false);
    }

    /** A run directory with a manifest and one checkpoint holding this generator's weights (also as EMA). */
    public static Path runDirectory(Path root, String architectureName, int seed) throws IOException {
        try (TrainedGenerator trained = generator(architectureName, seed)) {
            trained.manifest().write(root);
            new RunDirectory(root).writeCheckpoint(new CheckpointState(7, 7, 1, 7), dir -> {
                ParameterFile.write(trained.generator(), dir.resolve(RunDirectory.GENERATOR));
                ParameterFile.write(trained.generator(), dir.resolve(RunDirectory.GENERATOR_EMA));
            });
        }
        return root;
    }

    /** This generator exported to {@code dir/ARCH.onnx}, for the commands that take a model file. */
    public static Path onnxFile(Path dir, String architectureName, int seed) {
        try (TrainedGenerator trained = generator(architectureName, seed)) {
            byte[] onnx = new OnnxExporter(Clock.systemUTC(), "test").export(trained, architectureName, Map.of())
                    .onnx();
            return Files.write(dir.resolve(architectureName + ".onnx"), onnx);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stirBatchNormStatistics(GanArchitecture architecture, Block generator, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            for (int i = 0; i < 3; i++) {
                int batch = 16;
                NDList inputs = new NDList(scope.randomNormal(new Shape(batch, architecture.latentSize()))
                        .mul(2f).add(0.5f));
                if (architecture.conditional()) {
                    inputs.add(scope.arange(0, batch, 1, ai.djl.ndarray.types.DataType.INT64)
                            .mod(architecture.labelCount()));
                }
                generator.forward(new ParameterStore(scope, false), inputs, true);
            }
        }
    }

    private static RunManifest manifest(GanArchitecture architecture) {
        String dataset = architecture.outputKind() == OutputKind.CURVE ? TrainConfig.CURVES_DATASET : "mnist";
        List<String> labels = IntStream.range(0, architecture.labelCount()).mapToObj(i -> "digit-" + i).toList();
        return new RunManifest(RUN_ID, TrainConfig.defaults(architecture.name(), dataset), dataset,
                "f1ngerpr1nt", 100, labels, "cpu", "0.35.1", "PyTorch", "test", "2026-01-01T00:00:00Z");
    }
}
