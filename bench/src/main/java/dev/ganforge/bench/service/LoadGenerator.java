package dev.ganforge.bench.service;

import java.io.IOException;
import java.net.URI;

/**
 * Closed-loop HTTP load on one URL: {@link LoadPlan#concurrency()} users, each sending its next request as soon as
 * the previous one answered. Two implementations: {@link LoadClient} (Java, in this process) and
 * {@link WrkLoadGenerator} (Debian's {@code wrk}, a separate C process that costs the machine far less per request).
 */
public interface LoadGenerator {

    /**
     * Runs the plan against {@code target}.
     *
     * @param samplesPerRequest samples one successful answer carries, for samples/s
     */
    LoadResult run(URI target, LoadPlan plan, int samplesPerRequest) throws IOException, InterruptedException;
}
