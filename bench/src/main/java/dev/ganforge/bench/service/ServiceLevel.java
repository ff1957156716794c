package dev.ganforge.bench.service;

/**
 * The service under one load level: what the clients saw, and the ONNX Runtime runs the service executed for
 * them (from its metrics, so the comparison with a raw session uses the batch sizes it really ran).
 *
 * @param windowSeconds wall time of the whole load run the batches were counted over, warm-up included
 */
public record ServiceLevel(LoadResult load, BatchSizes batches, double windowSeconds) {

    /** Share of the window the service's session was running; see {@link BatchSizes#busyFraction}. */
    public double busyFraction() {
        return batches.busyFraction(windowSeconds);
    }

    /** The batch size to compare with a raw session: the mean samples per executed run, at least 1. */
    public int comparableBatchSize() {
        return Math.max(1, (int) Math.round(batches.meanSamples()));
    }
}
