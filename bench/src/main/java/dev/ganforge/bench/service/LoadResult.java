package dev.ganforge.bench.service;

import java.util.Map;

/**
 * What one closed-loop load run measured. Latencies cover every recorded request, failed ones included;
 * {@code samples} counts only the samples of successful (200) answers.
 *
 * @param requests      recorded requests (successful and failed)
 * @param errors        recorded requests that did not answer 200, or failed to connect or read
 * @param errorKinds    how the errors split: {@code "http 503"}, {@code "IOException"}, …
 * @param seconds       wall time of the recorded part of the run
 */
public record LoadResult(int concurrency, long requests, long errors, Map<String, Long> errorKinds, long samples,
                         double seconds, double p50Millis, double p99Millis, double p999Millis, double maxMillis,
                         double meanMillis) {

    public LoadResult {
        errorKinds = Map.copyOf(errorKinds);
    }

    public double requestsPerSecond() {
        return requests / seconds;
    }

    public double samplesPerSecond() {
        return samples / seconds;
    }
}
