package dev.ganforge.trainer.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the generator service's Prometheus endpoint ({@code /q/metrics}) for what the benchmarks compare
 * against: the batch sizes it actually ran. Only the plain {@code name value} and {@code name{labels} value}
 * lines of the text format are needed, so they are read here rather than with a Prometheus client library.
 */
public final class ServiceMetrics {

    static final String BATCH_SAMPLES = "ganforge_batch_samples";
    static final String BATCH_REQUESTS = "ganforge_batch_requests";

    private final HttpClient http;
    private final URI metrics;

    public ServiceMetrics(HttpClient http, URI serviceBase) {
        this.http = http;
        this.metrics = serviceBase.resolve("/q/metrics");
    }

    /** @throws IllegalStateException when the endpoint does not answer 200 */
    public BatchSizes batchSizes() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30))
                .header("Accept", "text/plain").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(metrics + " answered " + response.statusCode());
        }
        return parse(response.body());
    }

    /** The batch summaries out of a Prometheus text exposition; {@link BatchSizes#NONE} before the first run. */
    static BatchSizes parse(String exposition) {
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
            if (name.startsWith(BATCH_SAMPLES) || name.startsWith(BATCH_REQUESTS)) {
                // Several label sets of one summary (none today) add up.
                values.merge(name, Double.parseDouble(line.substring(valueStart + 1).trim()), Double::sum);
            }
        }
        return new BatchSizes(values.getOrDefault(BATCH_SAMPLES + "_count", 0.0).longValue(),
                values.getOrDefault(BATCH_SAMPLES + "_sum", 0.0), values.getOrDefault(BATCH_REQUESTS + "_sum", 0.0));
    }

    private static int indexOfAny(String line, char a, char b) {
        int i = line.indexOf(a);
        int j = line.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
