package dev.ganforge.trainer.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code ganforge} command line: wires the subcommands and the error conventions of {@link CliErrors}. */
@Command(
        name = "ganforge",
        // INHERIT: every subcommand gets --help/--version and the version provider without repeating them.
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = GanforgeVersion.class,
        sortOptions = false,
        description = "Trains GANs with DJL on PyTorch, exports generators to ONNX, publishes them signed over "
                + "Kafka.",
        footer = {"", "Benchmarks: ganforge bench --help (the bench module, built on first use).",
            "Environment: GANFORGE_HOME (default ~/.ganforge), GANFORGE_DEBUG=1 for stack traces and the "
                + "engine's log lines."},
        // One command class per line, so that adding one is a one-line change.
        subcommands = {
            CommandLine.HelpCommand.class,
            DatasetsCommand.class,
            TrainCommand.class,
            ExportCommand.class,
            SampleCommand.class,
            EvaluateCommand.class,
            PublishCommand.class,
            ModelsCommand.class,
            RetrainCommand.class,
            WorkerCommand.class,
            KeysCommand.class,
            DemoCommand.class,
        })
public final class GanforgeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Also print the engine's log lines (DJL's, libtorch's warnings), as GANFORGE_DEBUG=1 does.")
    void verbose(boolean verbose) {
        if (verbose) {
            EngineLogs.verbose();
        }
    }

    /** {@code ganforge} alone: usage on stderr, exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CliErrors.USAGE;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI on stdout/stderr and returns the exit status instead of exiting. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the CLI with the given streams; for tests and embedding. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(commandLine(out, err), out, err, args);
    }

    /** Runs {@code cli}, a command line from {@link #commandLine}, on the given streams. */
    public static int execute(CommandLine cli, PrintWriter out, PrintWriter err, String... args) {
        EngineLogs.fromEnvironment();
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands only Exceptions to the handler; this Error is common enough to deserve a plain line.
            err.println("ganforge: " + CliErrors.describe(e));
            err.flush();
            return CliErrors.FAILURE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The fully wired command line (subcommands, handlers, streams). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, List.of());
    }

    /**
     * The command line with commands of modules that depend on this one added ({@code bench}'s), wired like the
     * others: they sit above the trainer, so it cannot name them.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, List<Object> moreCommands) {
        CliErrors errors = CliErrors.fromEnvironment();
        CommandLine cli = new CommandLine(new GanforgeCommand());
        moreCommands.forEach(cli::addSubcommand);
        return cli
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
