package dev.ganforge.trainer.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs an installer (npm, apt-get) with its chatter going to a log file, so the CLI stays quiet on success and
 * can point at the log on failure.
 */
final class ExternalCommand {

    private final List<String> command;
    private final Map<String, String> environment;

    ExternalCommand(List<String> command, Map<String, String> environment) {
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
    }

    /** Runs to completion; returns the exit status. A program that is not installed gives {@code 127}. */
    int run(Path log) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            Process process;
            try {
                process = builder.start();
            } catch (IOException notInstalled) {
                return 127;
            }
            process.getOutputStream().close();
            return process.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    /** The last non-blank line of a log, for a one-line failure message. */
    static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
            return "(no output)";
        } catch (IOException e) {
            return "(no log)";
        }
    }

    String display() {
        return String.join(" ", command);
    }
}
