package dev.ganforge.bench.cli;

import dev.ganforge.trainer.cli.GanforgeCommand;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code ganforge bench …}: the ganforge command line with {@link BenchCommand} added. The {@code ./ganforge}
 * launcher runs this class, on the bench module's classpath, when the first argument is {@code bench}; every other
 * command runs on the trainer's alone, so the load tools and JMH stay out of the trainer.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the CLI with the given streams and returns the exit status; for tests. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return GanforgeCommand.execute(GanforgeCommand.commandLine(out, err, List.of(new BenchCommand())), out, err,
                args);
    }
}
