package dev.ganforge.bench.cli;

import dev.ganforge.bench.service.LoadClient;
import dev.ganforge.bench.service.LoadPlan;
import dev.ganforge.bench.service.LoadResult;
import dev.ganforge.bench.service.Protocol;
import dev.ganforge.bench.service.ProtocolBenchmark;
import dev.ganforge.bench.service.ProtocolClients;
import dev.ganforge.trainer.cli.CliErrors;
import dev.ganforge.trainer.cli.DurationConverter;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ganforge bench protocols}: one model's samples over /api/v1 npy, OIP JSON, OIP binary and gRPC. */
@Command(name = "protocols", sortOptions = false,
        description = {"Closed-loop load on a running generator service in each protocol it speaks, at each batch "
                + "size: /api/v1 samples as npy, the Open Inference Protocol over HTTP with JSON data and with the "
                + "binary tensor data extension, and over gRPC. Every request asks for N samples drawn by the "
                + "service, so only transport and encoding differ.",
            "Rounds alternate: each round runs every protocol at each batch size, starting with a different "
                    + "protocol; samples/s, p50 and p99 per cell are the medians over the rounds with their ranges."})
public final class BenchProtocolsCommand implements Callable<Integer> {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "The service, e.g. http://127.0.0.1:8080.")
    URI url;

    @Option(names = "--grpc", paramLabel = "HOST:PORT",
            description = "The service's gRPC server (default: the --url host, port 9000, ganforge.grpc.port's default).")
    String grpc;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "Model to request samples of.")
    String model;

    @Option(names = "--batches", paramLabel = "N,N,...", split = ",", defaultValue = "1,16,64",
            description = "Samples per request (default 1,16,64).")
    List<Integer> batches;

    @Option(names = "--protocols", paramLabel = "P,P,...", split = ",",
            defaultValue = "API_V1_NPY,OIP_JSON,OIP_BINARY,GRPC",
            description = "Protocols to compare, of ${COMPLETION-CANDIDATES} (default all).")
    List<Protocol> protocols;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
            description = "Concurrent users in every cell (default 4).")
    int concurrency;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3", description = "Rounds (default 3).")
    int rounds;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "Measured time per cell and round (default 5s).")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "Unrecorded load before each cell (default 2s).")
    Duration warmup;

    @Override
    public Integer call() throws Exception {
        LoadPlan plan = plan();
        URI base = ServiceTarget.of(spec, url, model).base();
        String grpcTarget = grpc != null ? grpc : base.getHost() + ":9000";
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s model %s, gRPC %s: %d users, %s warm-up + %s per cell, %d rounds, %d cores, "
                        + "load %s%n", base, model, grpcTarget, concurrency, warmup.toMillis() + "ms",
                duration.toMillis() + "ms", rounds, Runtime.getRuntime().availableProcessors(), LoadAverage.read());
        out.printf("%5s %-11s %5s %10s %9s %9s %7s%n", "round", "protocol", "batch", "samples/s", "p50 ms", "p99 ms",
                "errors");
        out.flush();
        LoadClient load = new LoadClient(LoadClient.defaultHttpClient(), REQUEST_TIMEOUT);
        List<ProtocolBenchmark.Summary> summaries;
        try (ProtocolClients clients = new ProtocolClients(load, base, grpcTarget, model)) {
            summaries = new ProtocolBenchmark(load, clients).run(protocols, batches, plan, rounds,
                    (round, cell, r) -> printCell(out, round, cell, r));
        }
        out.printf(Locale.ROOT, "median over %d rounds (least-most), load %s%n", rounds, LoadAverage.read());
        out.printf("%-11s %5s %24s %22s %22s %7s%n", "protocol", "batch", "samples/s", "p50 ms", "p99 ms", "errors");
        for (ProtocolBenchmark.Summary s : summaries) {
            out.printf(Locale.ROOT, "%-11s %5d %24s %22s %22s %7d%n", s.cell().protocol().label(), s.cell().batch(),
                    spread(s.samplesPerSecond(), "%.0f"), spread(s.p50Millis(), "%.2f"), spread(s.p99Millis(), "%.2f"),
                    s.errors());
        }
        out.flush();
        boolean anyAllFailed = summaries.stream().anyMatch(s -> s.samplesPerSecond().max() == 0);
        return anyAllFailed ? CliErrors.FAILURE : 0;
    }

    private static void printCell(PrintWriter out, int round, ProtocolBenchmark.Cell cell, LoadResult r) {
        out.printf(Locale.ROOT, "%5d %-11s %5d %10.0f %9.2f %9.2f %7d%n", round, cell.protocol().label(),
                cell.batch(), r.samplesPerSecond(), r.p50Millis(), r.p99Millis(), r.errors());
        if (r.errors() > 0) {
            out.println("      errors: " + r.errorKinds());
        }
        out.flush();
    }

    private static String spread(ProtocolBenchmark.Spread s, String format) {
        return String.format(Locale.ROOT, format + " (" + format + "-" + format + ")", s.median(), s.min(), s.max());
    }

    private LoadPlan plan() {
        if (batches.isEmpty() || batches.stream().anyMatch(b -> b == null || b < 1 || b > 4096)) {
            throw new ParameterException(spec.commandLine(), "--batches must list numbers in 1..4096, got " + batches);
        }
        if (rounds < 1) {
            throw new ParameterException(spec.commandLine(), "--rounds must be at least 1, got " + rounds);
        }
        try {
            return new LoadPlan(concurrency, warmup, duration, 0);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
