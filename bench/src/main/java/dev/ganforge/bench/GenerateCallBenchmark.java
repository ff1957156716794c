package dev.ganforge.bench;

import ai.onnxruntime.OrtException;
import dev.ganforge.shared.inference.GeneratorSession;
import dev.ganforge.shared.inference.SessionSettings;
import dev.ganforge.shared.model.LatentSampler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The service's per-request inference work without HTTP and without the batcher: draw seeded latents and run them
 * through {@link GeneratorSession} with the service's default settings, the code the service runs (inputs into
 * reused direct buffers, output pinned, copied out and clamped). The gap to {@link OrtSessionBenchmark} at the same
 * batch is the cost of the copies around the session; {@code -prof gc} shows what a call allocates
 * (docs/benchmarks.md).
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class GenerateCallBenchmark {

    @Param("")
    public String model;

    @Param({"1", "8", "64"})
    public int batch;

    private BenchModel generator;
    private GeneratorSession session;
    private long[] labels;
    private long seed;

    @Setup(Level.Trial)
    public void open() throws OrtException {
        generator = BenchModel.load(model);
        session = GeneratorSession.open(generator.bytes(), generator.metadata(), SessionSettings.DEFAULTS);
        labels = generator.labels(batch);
    }

    @TearDown(Level.Trial)
    public void close() {
        if (session != null) {
            session.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public float[] throughput(SampleCounter counter) throws OrtException {
        float[] samples = generate();
        counter.samples += batch;
        return samples;
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public float[] latency() throws OrtException {
        return generate();
    }

    private float[] generate() throws OrtException {
        // A new seed per call, as requests without a seed get: the latents cannot be cached.
        return session.generate(LatentSampler.sample(seed++, batch, generator.metadata()), labels, batch);
    }
}
