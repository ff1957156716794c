package dev.ganforge.bench.cli;

import dev.ganforge.bench.Median;
import dev.ganforge.bench.service.InferenceBenchmark;
import dev.ganforge.bench.service.InferenceLatency;
import dev.ganforge.bench.service.LoadClient;
import dev.ganforge.bench.service.LoadGenerator;
import dev.ganforge.bench.service.LoadPlan;
import dev.ganforge.bench.service.LoadResult;
import dev.ganforge.bench.service.ServiceBenchmark;
import dev.ganforge.bench.service.ServiceLevel;
import dev.ganforge.bench.service.ServiceMetrics;
import dev.ganforge.bench.service.WrkLoadGenerator;
import dev.ganforge.shared.contract.ServicePaths;
import dev.ganforge.trainer.cli.CliErrors;
import dev.ganforge.trainer.cli.DurationConverter;
import dev.ganforge.trainer.sample.SampleFormat;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ganforge bench service}: the generator service over HTTP under closed-loop load. */
@Command(name = "service", sortOptions = false,
        description = {"Closed-loop HTTP load on a running generator service (one connection per concurrent user): "
                + "p50/p99/p99.9 latency, requests/s, samples/s and errors per concurrency level, and the ONNX "
                + "Runtime batch sizes the service ran for them (from /q/metrics).",
            "ORT busy: the share of the level's time (warm-up included) the service's own session was running (from "
                    + "ganforge_batch_run_seconds), i.e. its throughput relative to that session running back to back "
                    + "at the same moment.",
            "With --raw, the same model in a raw ONNX Runtime session is timed afterwards at those batch sizes, "
                    + "and the service's throughput and p99 are given relative to it: one caller running the batch "
                    + "back to back on one session (the baseline), and, when the service runs large batches in slices "
                    + "(ganforge.onnx.slices), also the raw session driven the same way: the service's own "
                    + "overhead."})
public final class BenchServiceCommand implements Callable<Integer> {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "The service, e.g. http://127.0.0.1:8080.")
    URI url;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "Model to request samples of.")
    String model;

    @Option(names = "--concurrency", paramLabel = "N,N,...", split = ",", defaultValue = "1,8,64",
            description = "Concurrent users per level (default 1,8,64).")
    List<Integer> concurrency;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "20s", converter = DurationConverter.class,
            description = "Measured time per level, e.g. 20s, 500ms, 2m (default 20s).")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "Unrecorded load before each level (default 5s).")
    Duration warmup;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "0",
            description = "Stop a level after N recorded requests, if that comes before --duration (default: no limit).")
    long requests;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "Samples per request (default 1).")
    int count;

    @Option(names = "--format", paramLabel = "json|npy|png", defaultValue = "json",
            description = "Response format asked of the service (default json; npy is the binary float32 array, "
                    + "png adds the grid rendering).")
    SampleFormat format;

    @Option(names = "--client", paramLabel = "auto|wrk|java", defaultValue = "auto",
            description = "Load generator: wrk (Debian's wrk, a separate C process: the service's figures, not the "
                    + "client's), java (one thread per user in this JVM; needed for --requests), or auto: wrk when "
                    + "it is on the PATH, else java (default auto).")
    String client;

    @Option(names = "--raw", paramLabel = "MODEL.onnx",
            description = "The served model's ONNX file: time it in a raw session at the batch sizes the service ran.")
    Path raw;

    @Option(names = "--raw-runs", paramLabel = "N", defaultValue = "300",
            description = "Timed raw runs per batch size (default 300, after 50 warm-up runs).")
    int rawRuns;

    @Option(names = "--raw-spinning", paramLabel = "true|false", defaultValue = "false", arity = "1",
            description = "Let the raw session's ORT threads spin (ORT's default). Default false, as the service "
                    + "(ganforge.onnx.allow-spinning) does by default: compare like with like.")
    boolean rawSpinning;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
            description = "Repeat all levels N times, each round followed by its raw-session timings, and print the "
                    + "median ratios per level: on a shared machine the ratio of one round can swing by ±20%% "
                    + "(default 1).")
    int rounds;

    @Option(names = "--labels", paramLabel = "N", defaultValue = "10",
            description = "Classes for the raw session's labels when the model is conditional (default 10).")
    int labels;

    @Override
    public Integer call() throws Exception {
        List<LoadPlan> plans = plans();
        byte[] rawModel = rawModel();
        URI base = base();
        URI samples = base.resolve(ServicePaths.samples(model) + "?count=" + count + "&format="
                + format.name().toLowerCase(Locale.ROOT));
        HttpClient http = LoadClient.defaultHttpClient();
        String generatorName = loadGeneratorName();
        ServiceMetrics metrics = new ServiceMetrics(http, base);
        LoadGenerator generator = generatorName.equals("wrk")
                ? new WrkLoadGenerator("wrk", Runtime.getRuntime().availableProcessors(), REQUEST_TIMEOUT, metrics)
                : new LoadClient(http, REQUEST_TIMEOUT);
        ServiceBenchmark bench = new ServiceBenchmark(generator, metrics);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s: %d sample(s) per request, %s warm-up + %s per level, load generator %s, "
                        + "%d cores, load %s%n", samples, count, text(warmup), text(duration), generatorName,
                Runtime.getRuntime().availableProcessors(), LoadAverage.read());
        List<List<Comparison>> byRound = new ArrayList<>();
        boolean anyLevelAllFailed = false;
        try (InferenceBenchmark session = rawModel == null ? null : rawLikeTheService(rawModel, metrics, base)) {
            for (int round = 1; round <= rounds; round++) {
                if (rounds > 1) {
                    out.printf(Locale.ROOT, "round %d of %d, load %s%n", round, rounds, LoadAverage.read());
                }
                List<ServiceLevel> levels = measureService(out, bench, samples, plans, base);
                anyLevelAllFailed |= levels.stream().anyMatch(l -> l.load().requests() == l.load().errors());
                if (session != null) {
                    byRound.add(compareWithRaw(out, session, levels));
                }
            }
        }
        if (byRound.size() > 1) {
            printMedians(out, byRound);
        }
        return anyLevelAllFailed ? CliErrors.FAILURE : 0;
    }

    private List<ServiceLevel> measureService(PrintWriter out, ServiceBenchmark bench, URI samples,
                                              List<LoadPlan> plans, URI base) throws Exception {
        out.printf("%5s %9s %9s %9s %9s %10s %10s %7s %9s %12s %11s %9s%n", "conc", "p50 ms", "p99 ms", "p99.9 ms",
                "max ms", "req/s", "samples/s", "errors", "ORT runs", "samples/run", "run ms mean", "ORT busy");
        out.flush();
        List<ServiceLevel> levels = new ArrayList<>();
        for (LoadPlan plan : plans) {
            ServiceLevel level;
            try {
                level = bench.measure(samples, plan, count);
            } catch (ConnectException e) {
                throw nothingAnswers(base, e);
            }
            LoadResult r = level.load();
            out.printf(Locale.ROOT, "%5d %9.2f %9.2f %9.2f %9.2f %10.1f %10.1f %7d %9d %12.2f %11.2f %8.0f%%%n",
                    r.concurrency(), r.p50Millis(), r.p99Millis(), r.p999Millis(), r.maxMillis(),
                    r.requestsPerSecond(), r.samplesPerSecond(), r.errors(), level.batches().runs(),
                    level.batches().meanSamples(), level.batches().meanRunSeconds() * 1e3,
                    100 * level.busyFraction());
            if (r.errors() > 0) {
                out.println("      errors: " + r.errorKinds());
            }
            out.flush();
            levels.add(level);
        }
        return levels;
    }

    /** The raw model in a session that can also run a batch in slices as the service slices it. */
    private InferenceBenchmark rawLikeTheService(byte[] rawModel, ServiceMetrics metrics, URI base)
            throws InterruptedException {
        ServiceMetrics.Slicing slicing;
        try {
            slicing = metrics.slicing();
        } catch (IOException e) {
            throw nothingAnswers(base, e);
        }
        return new InferenceBenchmark(rawModel, labels, rawSpinning, 0, slicing.slices(), slicing.minBatch());
    }

    private static IllegalStateException nothingAnswers(URI base, IOException cause) {
        return new IllegalStateException("nothing answers at " + base + " (is the service running?)", cause);
    }

    /**
     * One load level of one round next to the raw session at the batch size the service ran for it; the sliced
     * figure is NaN when the service does not slice.
     */
    private record Comparison(int concurrency, int batch, double serviceSamplesPerSecond, double rawSamplesPerSecond,
                              double serviceP99, double rawP99, double slicedSamplesPerSecond) {

        double throughputRatio() {
            return serviceSamplesPerSecond / rawSamplesPerSecond;
        }

        double p99Ratio() {
            return serviceP99 / rawP99;
        }

        double slicedThroughputRatio() {
            return serviceSamplesPerSecond / slicedSamplesPerSecond;
        }
    }

    /** Times the raw session right after the service's levels, so both see the machine in the same state. */
    private List<Comparison> compareWithRaw(PrintWriter out, InferenceBenchmark session, List<ServiceLevel> levels)
            throws Exception {
        boolean sliced = session.hasSlices();
        out.printf(Locale.ROOT, "raw ONNX Runtime session (%s, spinning %s%s), 50 warm-up + %d timed runs at each "
                + "level's mean samples/run, load %s%n", raw, rawSpinning ? "on" : "off", sliced
                ? "; sliced: as the service slices, " + session.slicingDescription() : "", rawRuns, LoadAverage.read());
        out.printf("%5s %6s %11s %11s %13s %15s %13s%s%n", "conc", "batch", "raw p50 ms", "raw p99 ms",
                "raw samples/s", "service/raw s/s", "p99 svc/raw", sliced
                        ? String.format("%17s %18s", "sliced samples/s", "service/sliced s/s") : "");
        List<Comparison> comparisons = new ArrayList<>();
        for (ServiceLevel level : levels) {
            int batch = level.comparableBatchSize();
            InferenceLatency r = session.measure(batch, 50, rawRuns);
            // A batch too small to slice runs whole in the service too: the same figure, not a second noisy one.
            double slicedRate = !sliced ? Double.NaN : session.splits(batch)
                    ? session.measureSliced(batch, 50, rawRuns).samplesPerSecond() : r.samplesPerSecond();
            Comparison c = new Comparison(level.load().concurrency(), batch, level.load().samplesPerSecond(),
                    r.samplesPerSecond(), level.load().p99Millis(), r.p99Millis(), slicedRate);
            out.printf(Locale.ROOT, "%5d %6d %11.2f %11.2f %13.1f %15.2f %13.2f%s%n", c.concurrency(), batch,
                    r.p50Millis(), r.p99Millis(), r.samplesPerSecond(), c.throughputRatio(), c.p99Ratio(),
                    sliced ? String.format(Locale.ROOT, "%17.1f %18.2f", slicedRate, c.slicedThroughputRatio())
                            : "");
            out.flush();
            comparisons.add(c);
        }
        return comparisons;
    }

    /** Per level, the median over rounds: one slow minute of a shared machine cannot make or break a ratio. */
    private static void printMedians(PrintWriter out, List<List<Comparison>> rounds) {
        boolean sliced = !Double.isNaN(rounds.get(0).get(0).slicedSamplesPerSecond());
        out.printf(Locale.ROOT, "median over %d rounds%n", rounds.size());
        out.printf("%5s %6s %16s %13s %15s %13s %19s%s%n", "conc", "batch", "service samples/s", "raw samples/s",
                "service/raw s/s", "p99 svc/raw", "service/raw s/s min", sliced
                        ? String.format("%17s %18s", "sliced samples/s", "service/sliced s/s") : "");
        for (int i = 0; i < rounds.get(0).size(); i++) {
            int level = i;
            List<Comparison> all = rounds.stream().map(round -> round.get(level)).toList();
            out.printf(Locale.ROOT, "%5d %6.0f %16.1f %13.1f %15.2f %13.2f %19.2f%s%n", all.get(0).concurrency(),
                    median(all, Comparison::batch), median(all, Comparison::serviceSamplesPerSecond),
                    median(all, Comparison::rawSamplesPerSecond), median(all, Comparison::throughputRatio),
                    median(all, Comparison::p99Ratio),
                    all.stream().mapToDouble(Comparison::throughputRatio).min().orElse(Double.NaN),
                    sliced ? String.format(Locale.ROOT, "%17.1f %18.2f",
                            median(all, Comparison::slicedSamplesPerSecond),
                            median(all, Comparison::slicedThroughputRatio)) : "");
        }
        out.flush();
    }

    private static double median(List<Comparison> values, ToDoubleFunction<Comparison> f) {
        return Median.of(values.stream().mapToDouble(f));
    }

    /** {@code wrk} or {@code java}, from {@code --client}. */
    private String loadGeneratorName() {
        return switch (client) {
            case "wrk", "java" -> client;
            case "auto" -> onPath("wrk") && requests == 0 ? "wrk" : "java";
            default -> throw new ParameterException(spec.commandLine(), "--client must be auto, wrk or java, got '"
                    + client + "'");
        };
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    private List<LoadPlan> plans() {
        if (concurrency.isEmpty() || concurrency.stream().anyMatch(c -> c == null || c < 1 || c > 4096)) {
            throw new ParameterException(spec.commandLine(), "--concurrency must list numbers in 1..4096, got "
                    + concurrency);
        }
        if (count < 1 || rawRuns < 1 || labels < 1 || rounds < 1 || requests < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--count, --raw-runs, --labels and --rounds must be positive, --requests not negative");
        }
        if (requests > 0 && client.equals("wrk")) {
            throw new ParameterException(spec.commandLine(), "--requests needs --client java (wrk runs for a duration)");
        }
        try {
            return concurrency.stream().map(c -> new LoadPlan(c, warmup, duration, requests)).toList();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private URI base() {
        return ServiceTarget.of(spec, url, model).base();
    }

    private byte[] rawModel() throws IOException {
        if (raw == null) {
            return null;
        }
        try {
            return Files.readAllBytes(raw);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such model file: " + raw);
        }
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
