package dev.ganforge.bench.service;

/**
 * What {@code ganforge bench inference} measured for one batch size.
 *
 * @param batchSize       samples per {@code OrtSession.run}
 * @param runs            timed runs
 * @param p50Millis       median latency of one run
 * @param p99Millis       99th percentile latency (the maximum when there are fewer than 100 runs)
 * @param samplesPerSecond batch size × runs / total time
 */
public record InferenceLatency(int batchSize, int runs, double p50Millis, double p99Millis,
                               double samplesPerSecond) {
}
