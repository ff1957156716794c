package dev.ganforge.trainer.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ganforge.trainer.train.RunDirectory;
import dev.ganforge.trainer.train.TrainedGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a run's generator for export or sampling, turning every way a run can be unusable into one line. */
public final class RunGeneratorLoader {

    private RunGeneratorLoader() {
    }

    /**
     * The generator of the run's latest checkpoint; close it.
     *
     * @throws UnusableRunException naming the run and the reason
     */
    public static TrainedGenerator load(Path runDir, boolean ema) {
        if (!Files.isDirectory(runDir)) {
            throw new UnusableRunException("no run directory at " + runDir, null);
        }
        try {
            return RunDirectory.loadGenerator(runDir, ema);
        } catch (IOException | IllegalArgumentException e) {
            throw new UnusableRunException("cannot use run " + runDir + ": " + reason(e), e);
        }
    }

    /**
     * The most specific readable reason: a bad {@code run.json} surfaces as a Jackson error wrapping the config's
     * own validation message (e.g. the unknown architecture and the known ones), which is the one worth showing.
     */
    private static String reason(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return error instanceof JsonProcessingException json ? json.getOriginalMessage() : error.getMessage();
    }
}
