package dev.ganforge.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ganforge.shared.model.LatentSampler;
import java.nio.FloatBuffer;
import java.util.Map;
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
 * The service's per-request inference work without HTTP and without the batcher: draw seeded latents, wrap them
 * (and labels) in fresh tensors, run, copy the output into a {@code float[]} and clamp images to [0, 1] — what
 * {@code Sampler} and {@code OnnxGenerator.generate} do, with the service's session options. The gap to
 * {@link OrtSessionBenchmark} at the same batch is the cost of the copies around the session.
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
    private OrtEnvironment environment;
    private OrtSession session;
    private boolean clamp;
    private long seed;

    @Setup(Level.Trial)
    public void open() throws OrtException {
        generator = BenchModel.load(model);
        environment = OrtEnvironment.getEnvironment();
        clamp = "image".equals(generator.metadata().outputKind());
        try (OrtSession.SessionOptions options = SessionOptionsChoice.SERVICE.create(0, 0)) {
            session = environment.createSession(generator.bytes(), options);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws OrtException {
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
        float[] latents = LatentSampler.sample(seed++, batch, generator.metadata());
        Map<String, OnnxTensor> inputs = generator.inputs(environment, latents, generator.labels(batch), batch);
        try (OrtSession.Result result = session.run(inputs)) {
            FloatBuffer buffer = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] samples = new float[buffer.remaining()];
            buffer.get(samples);
            if (clamp) {
                for (int i = 0; i < samples.length; i++) {
                    samples[i] = Math.max(0f, Math.min(1f, samples[i]));
                }
            }
            return samples;
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }
}
