package dev.ganforge.trainer.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.concurrent.CompletionException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the CLI reports failure: one readable line on stderr, never a stack trace unless {@code GANFORGE_DEBUG=1}.
 * Bad usage exits 2, the line ending with a pointer to the command's help; a failing command exits 1.
 */
public final class CliErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {

    public static final int USAGE = 2;
    public static final int FAILURE = 1;

    private final boolean debug;

    CliErrors(boolean debug) {
        this.debug = debug;
    }

    static CliErrors fromEnvironment() {
        return new CliErrors(debugRequested());
    }

    /** {@code GANFORGE_DEBUG=1}: stack traces, and the engine's log lines (see {@link EngineLogs}). */
    static boolean debugRequested() {
        return "1".equals(System.getenv("GANFORGE_DEBUG"));
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String line = "ganforge: " + oneLine(ex.getMessage());
        if (ex instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                line += " (did you mean " + String.join(" or ", suggestions) + "?)";
            }
        }
        err.println(line + "; see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        err.println("ganforge: " + describe(ex));
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return FAILURE;
    }

    /** One line saying what went wrong, without exception class names where a plain phrase says it better. */
    static String describe(Throwable t) {
        if (isWrapper(t) && t.getCause() != null) {
            String own = t.getMessage();
            String cause = describe(t.getCause());
            return own == null || own.equals(t.getCause().toString()) ? cause : oneLine(own) + ": " + cause;
        }
        if (t instanceof NoSuchFileException e) {
            return "no such file: " + e.getFile();
        }
        if (t instanceof AccessDeniedException e) {
            return "permission denied: " + e.getFile();
        }
        if (t instanceof FileAlreadyExistsException e) {
            return "already exists: " + e.getFile();
        }
        if (t instanceof NotDirectoryException e) {
            return "not a directory: " + e.getFile();
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory: give Java more heap, e.g. GANFORGE_JAVA_OPTS=-Xmx8g";
        }
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getCause() != null ? describe(t.getCause()) : t.getClass().getSimpleName();
        }
        return oneLine(message);
    }

    private static boolean isWrapper(Throwable t) {
        return t instanceof UncheckedIOException || t instanceof CommandLine.ExecutionException
                || t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException
                || t instanceof InvocationTargetException
                || t instanceof java.lang.reflect.UndeclaredThrowableException;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
