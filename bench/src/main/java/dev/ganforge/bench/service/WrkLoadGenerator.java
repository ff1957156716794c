package dev.ganforge.bench.service;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Closed-loop load from Debian's {@code wrk}: {@code concurrency} keep-alive connections, each sending its next GET
 * as soon as the previous answer arrived. The Java {@link LoadClient} shares the service's two cores with a JVM
 * thread per user and spends several times wrk's CPU per request, CPU the service then lacks; with wrk the figures
 * measure the service rather than the client. A Lua {@code done} hook prints the figures on one line
 * ({@value #MARK} …) because wrk's own report rounds them and has no p99.9.
 *
 * <p>wrk counts only non-2xx/3xx answers as status errors, and times durations in whole seconds: the plan's warm-up
 * is one unrecorded wrk run, its measured part another, both rounded up to a second; {@link LoadPlan#maxRequests()}
 * is not supported. wrk hangs up on the requests still in flight when its time is up, so the measured run starts
 * only once the service has finished them: with them it would serve twice the concurrency for a moment, and
 * answer the excess 429.
 */
public final class WrkLoadGenerator implements LoadGenerator {

    static final String MARK = "ganforge-wrk";

    private static final String SCRIPT = """
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("%s requests=%%d seconds=%%.6f connect=%%d read=%%d write=%%d status=%%d timeout=%%d "
                .. "p50=%%d p99=%%d p999=%%d max=%%d mean=%%.3f\\n",
                summary.requests, summary.duration / 1e6, e.connect, e.read, e.write, e.status, e.timeout,
                latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean))
            end
            """.formatted(MARK);

    private final String executable;
    private final int threads;
    private final Duration requestTimeout;
    private final ServiceMetrics service;

    /**
     * @param executable {@code wrk}, or a path to it
     * @param threads    wrk threads at most (never more than connections); one per core is wrk's advice
     * @param service    the service's metrics, to wait after the warm-up until it serves nothing
     */
    public WrkLoadGenerator(String executable, int threads, Duration requestTimeout, ServiceMetrics service) {
        if (threads < 1) {
            throw new IllegalArgumentException("wrk needs at least one thread");
        }
        this.executable = executable;
        this.threads = threads;
        this.requestTimeout = requestTimeout;
        this.service = service;
    }

    @Override
    public LoadResult run(URI target, LoadPlan plan, int samplesPerRequest) throws IOException, InterruptedException {
        if (plan.maxRequests() > 0) {
            throw new IllegalArgumentException("wrk runs for a duration, not a number of requests: "
                    + "leave out the request limit or use the Java client");
        }
        Path script = Files.createTempFile("ganforge-wrk", ".lua");
        try {
            Files.writeString(script, SCRIPT);
            if (!plan.warmup().isZero()) {
                wrk(target, plan.concurrency(), plan.warmup(), null);
                service.awaitIdle(requestTimeout);
            }
            String output = wrk(target, plan.concurrency(), plan.measure(), script);
            return parse(output, plan.concurrency(), samplesPerRequest);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private String wrk(URI target, int connections, Duration duration, Path script)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable, "-t", String.valueOf(Math.min(threads, connections)),
                "-c", String.valueOf(connections), "-d", seconds(duration), "--timeout", seconds(requestTimeout)));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(target.toString());
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + executable + " (apt-get install -y wrk, or use --client java): "
                    + e.getMessage(), e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        if (status != 0) {
            throw new IOException(executable + " exited with status " + status + ": " + output.strip());
        }
        return output;
    }

    /** The {@value #MARK} line of a measured run as a {@link LoadResult}. */
    static LoadResult parse(String output, int concurrency, int samplesPerRequest) throws IOException {
        String line = output.lines().filter(l -> l.startsWith(MARK + " ")).findFirst()
                .orElseThrow(() -> new IOException("wrk printed no figures: " + output.strip()));
        Map<String, String> values = new HashMap<>();
        for (String field : line.substring(MARK.length() + 1).trim().split(" ")) {
            int eq = field.indexOf('=');
            values.put(field.substring(0, eq), field.substring(eq + 1));
        }
        long requests = Long.parseLong(values.get("requests"));
        Map<String, Long> kinds = new LinkedHashMap<>();
        for (String kind : List.of("connect", "read", "write", "timeout", "status")) {
            long n = Long.parseLong(values.get(kind));
            if (n > 0) {
                kinds.put(kind.equals("status") ? "http non-2xx/3xx" : kind, n);
            }
        }
        // Socket errors are not among wrk's completed requests; status errors are.
        long socketErrors = kinds.entrySet().stream().filter(e -> !e.getKey().startsWith("http"))
                .mapToLong(Map.Entry::getValue).sum();
        long statusErrors = kinds.getOrDefault("http non-2xx/3xx", 0L);
        return new LoadResult(concurrency, requests + socketErrors, statusErrors + socketErrors, kinds,
                (requests - statusErrors) * samplesPerRequest, Double.parseDouble(values.get("seconds")),
                micros(values, "p50"), micros(values, "p99"), micros(values, "p999"), micros(values, "max"),
                Double.parseDouble(values.get("mean")) / 1e3);
    }

    private static double micros(Map<String, String> values, String key) {
        return Long.parseLong(values.get(key)) / 1e3;
    }

    private static String seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000) + "s";
    }
}
