package dev.ganforge.trainer.cli;

import dev.ganforge.trainer.export.ExportResult;
import dev.ganforge.trainer.export.OnnxExporter;
import dev.ganforge.trainer.export.ParityCheck;
import dev.ganforge.trainer.train.RunManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ganforge export}: a run's generator as a parity-checked ONNX model. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {"Export the generator of a run's latest checkpoint to ONNX, with its metadata.",
            "Every export is checked: the same latents (and labels) through DJL and through ONNX Runtime must "
                    + "agree to max |diff| <= 1e-4, otherwise nothing is written."})
public final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "Training run directory.")
    Path runDir;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "ONNX file to write.")
    Path out;

    @Option(names = "--ema", negatable = true,
            description = "Export the exponential-moving-average weights (--no-ema: the raw generator). Default: the "
                    + "EMA weights when the run kept them (every architecture's default), else the raw generator.")
    Boolean ema;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Model name, the unit of versioning (default: DATASET-ARCH, e.g. mnist-cdcgan).")
    String name;

    @Override
    public Integer call() throws IOException {
        // A moving average of G's weights draws cleaner samples than its last step; serve it when there is one.
        boolean useEma = ema != null ? ema : RunManifest.keptEma(runDir);
        ExportResult result = new OnnxExporter(Clock.systemUTC(), GanforgeVersion.current()).export(runDir, useEma,
                name);
        Path target = out.toAbsolutePath();
        Files.createDirectories(target.getParent());
        // Written next to the target and moved, so a reader never sees half a model.
        Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".partial");
        try {
            Files.write(partial, result.onnx());
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        spec.commandLine().getOut().printf(Locale.ROOT,
                "exported %s (%s, step %d%s) to %s, %d bytes; parity DJL vs ONNX Runtime: max |diff| %.3g "
                        + "(limit %.0e)%n",
                result.metadata().name(), result.metadata().architecture(), result.metadata().step(),
                useEma ? ", EMA" : "", out, result.onnx().length, result.parityMaxAbsDiff(), ParityCheck.TOLERANCE);
        return 0;
    }
}
