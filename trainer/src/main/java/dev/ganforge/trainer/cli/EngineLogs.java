package dev.ganforge.trainer.cli;

import java.nio.file.Path;

/**
 * Where the engine's own log lines go, so that a command prints only its own. DJL logs its platform probe, a CUDA
 * probe warning and its thread settings through SLF4J (slf4j-simple, configured here by system properties, which it
 * reads when each logger is made); libtorch prints deprecation warnings from C++ straight to file descriptor 2,
 * where no JVM setting reaches, so the {@code ganforge} launcher drops those lines unless verbose. Both show with
 * {@code --verbose} or {@code GANFORGE_DEBUG=1}; the demo sends DJL's to its log file, and the worker it starts runs
 * verbose (the JVM directly, unfiltered) into {@code worker.log}.
 */
final class EngineLogs {

    /** slf4j-simple's level of DJL's loggers. */
    static final String DJL_LEVEL = "org.slf4j.simpleLogger.log.ai.djl";
    /** slf4j-simple's target: a file path, or {@code System.err} (its default). */
    static final String LOG_FILE = "org.slf4j.simpleLogger.logFile";

    private EngineLogs() {
    }

    /** Before anything logs: quiet unless {@code GANFORGE_DEBUG=1}; a level set with -D is left as it is. */
    static void fromEnvironment() {
        if (CliErrors.debugRequested()) {
            verbose();
        } else if (System.getProperty(DJL_LEVEL) == null) {
            System.setProperty(DJL_LEVEL, "error");
        }
    }

    /** {@code --verbose}: the engine's info lines too. */
    static void verbose() {
        System.setProperty(DJL_LEVEL, "info");
    }

    /**
     * Every library log line of this process into {@code file}, engine info included, none on the terminal. Takes
     * effect only before the first logger is made (slf4j-simple opens its target once).
     */
    static void toFile(Path file) {
        System.setProperty(LOG_FILE, file.toAbsolutePath().toString());
        verbose();
    }
}
