package dev.ganforge.bench.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** One {@code ganforge bench …} invocation (through {@link BenchMain}, as the launcher runs it) and its output. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BenchMain.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    List<String> errLines() {
        return err.lines().toList();
    }
}
