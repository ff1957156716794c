package dev.ganforge.trainer.cli;

import dev.ganforge.shared.model.SampleBatch;
import dev.ganforge.shared.render.SampleGridRenderer;
import dev.ganforge.trainer.sample.SampleFormat;
import dev.ganforge.trainer.sample.SampleSource;
import dev.ganforge.trainer.sample.Sampler;
import dev.ganforge.trainer.train.RunManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code ganforge sample}: samples from a run (DJL) or an exported model (ONNX Runtime), reproducibly. */
@Command(
        name = "sample",
        mixinStandardHelpOptions = true,
        description = {"Generate samples from a run directory (DJL) or an exported .onnx model (ONNX Runtime).",
            "The same --seed draws the same latents on both paths, so they give the same samples."})
public final class SampleCommand implements Callable<Integer> {

    private static final int DEFAULT_COUNT = 64;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "RUN_DIR|MODEL.onnx",
            description = "Run directory or model file written by 'ganforge export'.")
    Path from;

    @Option(names = {"-n", "--count"}, paramLabel = "N",
            description = "Samples to draw (default 64; for a conditional model cycling its classes, rounded up to "
                    + "whole rows of one sample per class, e.g. 70 for 10 classes).")
    Integer count;

    @Option(names = "--seed", defaultValue = "0", description = "Latent seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--label", paramLabel = "L",
            description = "Class of every sample (conditional models; default: cycle through all classes).")
    Integer label;

    @Option(names = "--code", paramLabel = "K",
            description = "InfoGAN: the categorical code of every sample (default: drawn at random).")
    Integer code;

    @Option(names = "--c", paramLabel = "V1,V2", split = ",",
            description = "InfoGAN: the continuous codes of every sample, each in [-1, 1] (default: drawn at random).")
    Float[] continuous;

    @Option(names = "--ema", negatable = true,
            description = "Run directories: the EMA generator weights (--no-ema: G's last weights). Default: the EMA "
                    + "weights when the run kept them.")
    Boolean ema;

    @Option(names = "--format", defaultValue = "png", paramLabel = "png|json|npy",
            description = "png (image grid or curve plot), json {\"shape\":[...],\"data\":[...]} or npy "
                    + "(float32 NumPy array, for numpy.load) (default ${DEFAULT-VALUE}).")
    SampleFormat format;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "File to write.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (count != null && count < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--count must be at least 1");
        }
        SampleBatch batch;
        String outputKind;
        String engine;
        int columns;
        try (SampleSource source = SampleSource.open(from, ema != null ? ema : RunManifest.keptEma(from))) {
            // Cycling labels put one class per column; whole rows keep the last row from being ragged.
            int classes = label == null ? source.metadata().labelCount() : 0;
            int n = count != null ? count : SampleGridRenderer.wholeRows(DEFAULT_COUNT, classes);
            batch = Sampler.sample(source, n, seed, label == null ? OptionalInt.empty() : OptionalInt.of(label), code,
                    continuous);
            outputKind = source.metadata().outputKind();
            engine = source.engine();
            columns = classes > 0 && n > 1 ? classes : 0;
        }
        Path target = out.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Files.write(target, format.encode(batch, outputKind, columns));
        spec.commandLine().getOut().println("wrote " + batch.count() + " samples (" + engine + ", seed " + seed
                + ") to " + out);
        return 0;
    }
}
