package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.event.RetrainRequest;
import dev.ganforge.shared.model.ModelMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for training in worker tests (the real job is exercised by the end-to-end test): the "model" is
 * bytes derived from the request, so equal requests give equal bytes. Per model name a test can install a
 * behaviour that runs first, e.g. to hold the job until the test has stopped the broker.
 */
final class ScriptedJob implements RetrainJob {

    interface Behaviour {
        void before(RetrainRequest request, Path runDir) throws Exception;
    }

    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    void on(String model, Behaviour behaviour) {
        behaviours.put(model, behaviour);
    }

    /** Holds every run of {@code model} until the test releases it (at most two minutes). */
    Hold hold(String model) {
        Hold hold = new Hold(new CountDownLatch(1), new CountDownLatch(1));
        on(model, (request, runDir) -> {
            hold.started().countDown();
            if (!hold.released().await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the test never released " + model);
            }
        });
        return hold;
    }

    record Hold(CountDownLatch started, CountDownLatch released) {
    }

    int runsOf(String model) {
        return runs.getOrDefault(model, new AtomicInteger()).get();
    }

    @Override
    public TrainedModel run(RetrainRequest request, Path runDir, ProgressSink progress) throws Exception {
        runs.computeIfAbsent(request.model(), key -> new AtomicInteger()).incrementAndGet();
        Behaviour behaviour = behaviours.get(request.model());
        if (behaviour != null) {
            behaviour.before(request, runDir);
        }
        progress.report(1, 10, 20, Map.of("d", 0.7, "g", 0.9), 1234.0);
        progress.report(1, 20, 20, Map.of("d", 0.6, "g", 1.0), 1234.0);
        byte[] onnx = ("onnx:" + request.model() + ":" + request.architecture() + ":" + request.dataset() + ":"
                + request.seed()).getBytes(StandardCharsets.UTF_8);
        ModelMetadata metadata = new ModelMetadata(request.model(), request.architecture(), 8, "normal", 0,
                List.of(), "curve", List.of(64), request.dataset(), "0".repeat(64), runDir.getFileName().toString(),
                20, "2026-01-01T00:00:00Z", "test", Map.of("curveFitFraction",
                        Double.parseDouble(request.hyperparameters().getOrDefault("fit", "0.75"))));
        return new TrainedModel(onnx, metadata);
    }
}
