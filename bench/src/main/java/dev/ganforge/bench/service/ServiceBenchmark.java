package dev.ganforge.bench.service;

import java.io.IOException;
import java.net.URI;

/**
 * The generator service over HTTP: a {@link LoadGenerator} run per load level, bracketed by two reads of the
 * service's batch metrics so each level knows the ORT batch sizes it caused.
 */
public final class ServiceBenchmark {

    private final LoadGenerator client;
    private final ServiceMetrics metrics;

    public ServiceBenchmark(LoadGenerator client, ServiceMetrics metrics) {
        this.client = client;
        this.metrics = metrics;
    }

    /**
     * @param samplesPerRequest the {@code count} of each request, for samples/s
     */
    public ServiceLevel measure(URI samples, LoadPlan plan, int samplesPerRequest)
            throws IOException, InterruptedException {
        // Read around the whole run, warm-up included: the warm-up's batches have the same mix as the measured
        // ones, and a read between the two would need a hook inside the load run for no better figure.
        BatchSizes before = metrics.batchSizes();
        long start = System.nanoTime();
        LoadResult load = client.run(samples, plan, samplesPerRequest);
        double window = (System.nanoTime() - start) / 1e9;
        BatchSizes after = metrics.batchSizes();
        return new ServiceLevel(load, after.since(before), window);
    }
}
