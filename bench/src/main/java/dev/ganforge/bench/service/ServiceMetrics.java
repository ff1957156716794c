package dev.ganforge.bench.service;

import dev.ganforge.shared.contract.ServiceMetric;
import dev.ganforge.shared.contract.ServicePaths;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the generator service's Prometheus endpoint ({@link ServicePaths#METRICS}; names from {@link ServiceMetric})
 * for what the benchmarks compare against: the batch sizes it actually ran, and whether requests are still in
 * flight. Only the plain {@code name value} and {@code name{labels} value} lines of the text format are needed, so
 * they are read here rather than with a Prometheus client library.
 */
public final class ServiceMetrics {

    static final String BATCH_SAMPLES = ServiceMetric.BATCH_SAMPLES.prometheusName();
    static final String BATCH_REQUESTS = ServiceMetric.BATCH_REQUESTS.prometheusName();
    static final String BATCH_RUN = ServiceMetric.BATCH_RUN.prometheusName();
    /** The service's sample requests still holding a concurrency slot, whether or not their client is still there. */
    static final String SAMPLES_IN_FLIGHT = ServiceMetric.SAMPLES_IN_FLIGHT.prometheusName();
    /**
     * Quarkus' own gauge of HTTP requests being served (not one the service registers), for a service without
     * {@link #SAMPLES_IN_FLIGHT}; the read of the metrics endpoint is one of them, and a request whose client hung up
     * is not.
     */
    static final String ACTIVE_REQUESTS = "http_server_active_requests";
    /** How the service slices large batches (generator-service's {@code ganforge.onnx.slices}). */
    static final String SLICES = ServiceMetric.ONNX_SLICES.prometheusName();
    static final String MIN_SLICED_BATCH = ServiceMetric.ONNX_MIN_SLICED_BATCH.prometheusName();
    private static final Duration POLL = Duration.ofMillis(20);

    private final HttpClient http;
    private final URI metrics;

    public ServiceMetrics(HttpClient http, URI serviceBase) {
        this.http = http;
        this.metrics = serviceBase.resolve(ServicePaths.METRICS);
    }

    /** @throws IllegalStateException when the endpoint does not answer 200 */
    public BatchSizes batchSizes() throws IOException, InterruptedException {
        return parse(read());
    }

    /** How the service runs large batches; {@link Slicing#WHOLE} for a service that does not say. */
    public Slicing slicing() throws IOException, InterruptedException {
        return slicing(read());
    }

    static Slicing slicing(String exposition) {
        Map<String, Double> values = values(exposition);
        Double slices = values.get(SLICES);
        Double minBatch = values.get(MIN_SLICED_BATCH);
        return slices == null || minBatch == null || slices < 2 ? Slicing.WHOLE
                : new Slicing(slices.intValue(), minBatch.intValue());
    }

    /** Batches of at least {@code minBatch} samples run in {@code slices} slices at the same time. */
    public record Slicing(int slices, int minBatch) {
        public static final Slicing WHOLE = new Slicing(1, Integer.MAX_VALUE);
    }

    /**
     * Waits until the service serves no sample request, e.g. those of a load generator that hung up without waiting
     * for its answers; returns at once when the service exposes neither gauge.
     *
     * @throws IllegalStateException when requests are still in flight after {@code timeout}
     */
    public void awaitIdle(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        double active;
        while ((active = activeRequests(read())) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the service still serves " + (long) active + " requests after "
                        + timeout.toSeconds() + " s");
            }
            Thread.sleep(POLL.toMillis()); // polling a remote gauge, not synchronisation between our threads
        }
    }

    private String read() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30))
                .header("Accept", "text/plain").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(metrics + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** The batch summaries out of a Prometheus text exposition; {@link BatchSizes#NONE} before the first run. */
    static BatchSizes parse(String exposition) {
        Map<String, Double> values = values(exposition);
        return new BatchSizes(values.getOrDefault(BATCH_SAMPLES + "_count", 0.0).longValue(),
                values.getOrDefault(BATCH_SAMPLES + "_sum", 0.0), values.getOrDefault(BATCH_REQUESTS + "_sum", 0.0),
                values.getOrDefault(BATCH_RUN + "_sum", 0.0));
    }

    /**
     * Sample requests in flight by {@value #SAMPLES_IN_FLIGHT}, else by {@value #ACTIVE_REQUESTS} less the read
     * itself; 0 when neither is exposed. Each is summed over its label sets.
     */
    static double activeRequests(String exposition) {
        Map<String, Double> values = values(exposition);
        Double samples = values.get(SAMPLES_IN_FLIGHT);
        return samples != null ? samples : Math.max(0, values.getOrDefault(ACTIVE_REQUESTS, 1.0) - 1);
    }

    /** The values of the few series read here, each summed over its label sets. */
    private static Map<String, Double> values(String exposition) {
        Map<String, Double> values = new HashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int nameEnd = indexOfAny(line, '{', ' ');
            int valueStart = line.lastIndexOf(' ');
            if (nameEnd < 0 || valueStart <= 0) {
                continue;
            }
            String name = line.substring(0, nameEnd);
            if (name.startsWith(BATCH_SAMPLES) || name.startsWith(BATCH_REQUESTS) || name.startsWith(BATCH_RUN)
                    || name.equals(ACTIVE_REQUESTS) || name.equals(SAMPLES_IN_FLIGHT) || name.equals(SLICES)
                    || name.equals(MIN_SLICED_BATCH)) {
                values.merge(name, Double.parseDouble(line.substring(valueStart + 1).trim()), Double::sum);
            }
        }
        return values;
    }

    private static int indexOfAny(String line, char a, char b) {
        int i = line.indexOf(a);
        int j = line.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
