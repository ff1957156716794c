package dev.ganforge.service.inference;

import dev.ganforge.service.config.GeneratorConfig;
import dev.ganforge.service.model.GeneratorLoader;
import dev.ganforge.service.model.ModelRegistry;
import dev.ganforge.shared.contract.ServiceMetric;
import dev.ganforge.shared.inference.SessionSettings;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Wires ONNX Runtime, the batcher and the sampler from {@link GeneratorConfig}. */
@ApplicationScoped
public class InferenceProducer {

    @Produces
    @Singleton
    GeneratorLoader loader(GeneratorConfig config, MeterRegistry meters) {
        GeneratorConfig.Onnx onnx = config.onnx();
        BatchSlicing slicing = BatchSlicing.of(onnx.slices(), onnx.minSlicedBatch(),
                Runtime.getRuntime().availableProcessors());
        // So a benchmark can drive a raw session the way this service drives its own (ganforge bench service).
        Gauge.builder(ServiceMetric.ONNX_SLICES.meterName(), slicing, BatchSlicing::slices)
                .description("Slices a large batch runs in at the same time (1: every batch whole)").register(meters);
        Gauge.builder(ServiceMetric.ONNX_MIN_SLICED_BATCH.meterName(), slicing, BatchSlicing::minBatch)
                .description("Smallest batch that is sliced").register(meters);
        return new OnnxGeneratorLoader(SessionSettings.of(onnx.intraOpThreads(), onnx.interOpThreads(),
                onnx.optimizationLevel(), onnx.allowSpinning()), slicing, sliceRunner());
    }

    /**
     * Runs the other slices of a sliced batch while the dispatcher runs the first, and loads each version's session
     * for slices; threads go after a minute idle.
     */
    private static ExecutorService sliceRunner() {
        AtomicInteger threads = new AtomicInteger();
        return Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "onnx-slice-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Produces
    @Singleton
    SampleBatcher batcher(GeneratorConfig config, MeterRegistry meters) {
        DistributionSummary samples = DistributionSummary.builder(ServiceMetric.BATCH_SAMPLES.meterName())
                .description("Samples per ONNX Runtime run").publishPercentileHistogram().register(meters);
        DistributionSummary requests = DistributionSummary.builder(ServiceMetric.BATCH_REQUESTS.meterName())
                .description("Requests combined into one ONNX Runtime run").publishPercentileHistogram()
                .register(meters);
        // The run alone, so the service's ORT time can be told apart from everything around it (and compared with a
        // raw session's: docs/benchmarks.md).
        Timer runs = Timer.builder(ServiceMetric.BATCH_RUN.meterName()).description("Wall time of one ONNX Runtime run of a batch")
                .publishPercentileHistogram().register(meters);
        // What a request's latency holds besides its run: the time behind another run or gathering company.
        Timer waits = Timer.builder(ServiceMetric.BATCH_WAIT.meterName())
                .description("Time from a sample request's arrival at the batcher to the start of its batch's run")
                .publishPercentileHistogram().register(meters);
        return new SampleBatcher(config.batching().maxBatchSize(), config.batching().maxWait(),
                config.batching().adaptiveWait(), config.batching().dispatchers(), new BatchListener() {
                    @Override
                    public void batchRan(int count, int size, long runNanos) {
                        requests.record(count);
                        samples.record(size);
                        runs.record(runNanos, TimeUnit.NANOSECONDS);
                    }

                    @Override
                    public void requestWaited(long waitNanos) {
                        waits.record(waitNanos, TimeUnit.NANOSECONDS);
                    }
                });
    }

    void close(@Disposes SampleBatcher batcher) {
        batcher.close();
    }

    @Produces
    @Singleton
    Sampler sampler(ModelRegistry registry, SampleBatcher batcher, GeneratorConfig config, MeterRegistry meters,
                    RunOutcomes outcomes, StartupGate gate) {
        GeneratorConfig.Sampling sampling = config.sampling();
        Sampler sampler = new Sampler(registry, batcher, new Sampler.Limits(sampling.defaultCount(),
                sampling.maxCount(), sampling.maxConcurrentRequests(), sampling.maxInterpolationSteps()), outcomes, gate);
        // Unlike http_server_active_requests this counts a request until its run is done, even when its client
        // hung up: the figure the 429 limit is checked against.
        Gauge.builder(ServiceMetric.SAMPLES_IN_FLIGHT.meterName(), sampler, Sampler::requestsInFlight)
                .description("Sample requests holding a concurrency slot (limit: "
                        + "ganforge.sampling.max-concurrent-requests)")
                .register(meters);
        return sampler;
    }
}
