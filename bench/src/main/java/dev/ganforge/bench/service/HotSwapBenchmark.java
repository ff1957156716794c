package dev.ganforge.bench.service;

import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.onnx.ModelVariants;
import dev.ganforge.trainer.pipeline.ModelPublisher;
import dev.ganforge.trainer.pipeline.PublishGate;
import dev.ganforge.trainer.pipeline.PublishResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Hot-swap latency under load: while a {@link VersionWatch} keeps requesting samples, publishes new versions
 * of a model one after the other through the real {@link ModelPublisher} (signed, over Kafka) and times each
 * from {@code publish} returning to the first response served by the new version.
 */
public final class HotSwapBenchmark {

    private final HttpClient http;
    private final URI samples;
    private final int loadUsers;
    private final Duration swapTimeout;

    /**
     * @param samples     a sample URL of the model, e.g. {@code http://127.0.0.1:8080/api/v1/models/NAME/samples?count=1&format=json}
     * @param swapTimeout how long one version may take to show up before the benchmark gives up
     */
    public HotSwapBenchmark(HttpClient http, URI samples, int loadUsers, Duration swapTimeout) {
        if (loadUsers < 1) {
            throw new IllegalArgumentException("the background load needs at least one user");
        }
        this.http = http;
        this.samples = samples;
        this.loadUsers = loadUsers;
        this.swapTimeout = swapTimeout;
    }

    /**
     * Publishes {@code swaps} distinct variants of {@code onnx} as {@code name} (see {@link ModelVariants}).
     *
     * @param runTag makes this run's variants differ from any earlier run's, so each swap is a new version
     * @throws IllegalStateException when the service serves nothing, or a version does not show up in time
     */
    public HotSwapResult run(ModelPublisher publisher, String name, byte[] onnx, ModelMetadata metadata, int swaps,
                             String runTag) throws InterruptedException {
        ModelMetadata named = metadata.withName(name);
        List<SwapTiming> timings = new ArrayList<>();
        try (VersionWatch watch = new VersionWatch(http, samples, loadUsers)) {
            await(watch.firstAnswer(), "no successful answer from " + samples);
            for (int i = 1; i <= swaps; i++) {
                byte[] variant = ModelVariants.tagged(onnx, runTag + "-" + i);
                long before = System.nanoTime();
                PublishResult result = publisher.publish(name, variant, named, PublishGate.OPEN);
                long published = System.nanoTime();
                if (result.unchanged()) {
                    throw new IllegalStateException("swap " + i + " made no new version: " + result.describe());
                }
                long seen = await(watch.firstResponseFrom(result.version()),
                        "version " + result.version() + " of " + name + " not served");
                timings.add(new SwapTiming(result.version(), (published - before) / 1e6, (seen - published) / 1e6));
            }
            watch.close();
            return new HotSwapResult(onnx.length, timings, watch.requests(), watch.errors(), watch.errorKinds());
        }
    }

    private long await(java.util.concurrent.CompletableFuture<Long> future, String failure)
            throws InterruptedException {
        try {
            return future.get(swapTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(failure + " within " + swapTimeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IllegalStateException(failure + ": " + e.getCause().getMessage(), e.getCause());
        }
    }
}
