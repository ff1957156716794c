package dev.ganforge.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GanforgeCommandTest extends EmptyHomeTest {

    @Test
    void helpExitsZeroAndListsCommands() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("Usage: ganforge"), run.out());
        assertTrue(run.out().contains("datasets"), run.out());
        assertEquals("", run.err());

        CliRun nested = CliRun.of("datasets", "--help");
        assertEquals(0, nested.exitCode());
        for (String sub : List.of("fetch", "list", "info", "preview")) {
            assertTrue(nested.out().contains(sub), nested.out());
        }
    }

    @Test
    void everyCommandsHelpRendersWithoutPicocliWarnings() {
        // picocli reports a help text it cannot format (a lone '%') on System.err and prints it unformatted.
        PrintStream original = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        List<String> commands = new ArrayList<>();
        collect(GanforgeCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())),
                commands);
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            for (String command : commands) {
                String[] words = command.split(" ");
                String[] args = Arrays.copyOfRange(words, 1, words.length + 1);
                args[args.length - 1] = "--help";
                CliRun run = CliRun.of(args);
                assertEquals(0, run.exitCode(), command);
                assertTrue(run.out().contains("Usage: " + command), command + ": " + run.out());
            }
        } finally {
            System.setErr(original);
        }
        assertTrue(commands.size() > 10, commands.toString());
        assertEquals("", warnings.toString(StandardCharsets.UTF_8));
    }

    private static void collect(CommandLine command, List<String> names) {
        names.add(command.getCommandSpec().qualifiedName());
        command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, names));
    }

    @Test
    void versionExitsZero() {
        CliRun run = CliRun.of("--version");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("ganforge "), run.out());
        CliRun nested = CliRun.of("datasets", "list", "--version");
        assertEquals(0, nested.exitCode());
        assertEquals(run.out(), nested.out(), "subcommands inherit the version provider");
    }

    @Test
    void unknownOptionExitsTwoWithOneLineEndingInAHint() {
        CliRun run = CliRun.of("--bogus");
        assertEquals(2, run.exitCode());
        assertEquals(List.of("ganforge: Unknown option: '--bogus'; see 'ganforge --help'"), run.errLines());
        assertEquals("", run.out());

        CliRun nested = CliRun.of("datasets", "fetch", "--frobnicate", "mnist");
        assertEquals(2, nested.exitCode());
        assertEquals(1, nested.errLines().size(), nested.err());
        assertTrue(nested.errLines().get(0).startsWith("ganforge: Unknown option: '--frobnicate'"), nested.err());
        assertTrue(nested.errLines().get(0).endsWith("; see 'ganforge datasets fetch --help'"), nested.err());
    }

    @Test
    void unknownCommandSuggestsAndExitsTwo() {
        CliRun run = CliRun.of("datasetz");
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.errLines().get(0).contains("datasetz"), run.err());
    }

    @Test
    void noCommandShowsUsageOnStderrAndExitsTwo() {
        CliRun run = CliRun.of();
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Usage: ganforge"), run.err());
    }

    @Test
    void missingDatasetExitsOneWithTheFetchCommand() {
        CliRun run = CliRun.of("datasets", "info", "mnist");
        assertEquals(1, run.exitCode());
        assertEquals(List.of("ganforge: MNIST digits not found in " + home.resolve("datasets/mnist")
                + ": run ./ganforge datasets fetch mnist"), run.errLines());
    }

    @Test
    void badInputInsideACommandIsOneLineWithoutStackTrace() {
        CliRun run = CliRun.of("datasets", "info", "cifar-100");
        assertEquals(1, run.exitCode());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().startsWith("ganforge: unknown dataset 'cifar-100'"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void fetchRejectsDatasetsItCannotFetchAsUsageError() {
        CliRun run = CliRun.of("datasets", "fetch", "idx:/tmp");
        assertEquals(2, run.exitCode());
        assertTrue(run.errLines().get(0).contains("fetch knows mnist and fashion-mnist"), run.err());
    }

    @Test
    void describesWrappedAndMessagelessExceptions() {
        assertEquals("no such file: /x/y", CliErrors.describe(new java.io.UncheckedIOException(
                new java.nio.file.NoSuchFileException("/x/y"))));
        assertEquals("cannot write a: permission denied: a", CliErrors.describe(new java.io.UncheckedIOException(
                "cannot write a", new java.nio.file.AccessDeniedException("a"))));
        assertEquals("NullPointerException", CliErrors.describe(new NullPointerException()));
        assertEquals("two lines", CliErrors.describe(new IllegalStateException("two\n  lines")));
    }
}
