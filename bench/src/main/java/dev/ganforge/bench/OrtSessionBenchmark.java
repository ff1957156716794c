package dev.ganforge.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ganforge.shared.inference.SessionSettings;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The floor under every sample request: one {@code OrtSession.run} of a generator on a prepared batch, nothing
 * else (input tensors are built once, the output is not copied out); {@link GenerateCallBenchmark} is the same run
 * with everything the service does around it. {@code throughput} reports samples/s as the
 * {@code :samples} counter; {@code latency} reports percentiles of one run.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class OrtSessionBenchmark {

    /** A generator ONNX file; required. */
    @Param("")
    public String model;

    @Param({"1", "8", "64"})
    public int batch;

    /** {@code ort-default}: new SessionOptions(); {@code service}: what generator-service sets. */
    @Param({"ort-default", "service"})
    public String sessionOptions;

    /** For {@code service} only: ganforge.onnx.intra-op-threads (0 = ORT decides, the service default). */
    @Param("0")
    public int intraOpThreads;

    /** For {@code service} only: ganforge.onnx.inter-op-threads (0 = ORT decides, the service default). */
    @Param("0")
    public int interOpThreads;

    /**
     * For {@code service} only: ganforge.onnx.allow-spinning. false (the service default) parks idle pool threads,
     * true (ORT's default) keeps them busy-waiting for the next operator.
     */
    @Param("false")
    public boolean allowSpinning;

    private OrtSession session;
    private Map<String, OnnxTensor> inputs;

    @Setup(Level.Trial)
    public void open() throws OrtException {
        BenchModel generator = BenchModel.load(model);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = options()) {
            session = environment.createSession(generator.bytes(), options);
        }
        inputs = generator.inputs(environment, batch);
    }

    /** The service's options are {@link SessionSettings}, the class the service opens its sessions with. */
    private OrtSession.SessionOptions options() throws OrtException {
        return switch (sessionOptions) {
            case "ort-default" -> new OrtSession.SessionOptions();
            case "service" -> new SessionSettings(intraOpThreads, interOpThreads,
                    SessionSettings.DEFAULTS.optimizationLevel(), allowSpinning).create();
            default -> throw new IllegalArgumentException("sessionOptions must be ort-default or service, is '"
                    + sessionOptions + "'");
        };
    }

    @TearDown(Level.Trial)
    public void close() throws OrtException {
        if (inputs != null) {
            inputs.values().forEach(OnnxTensor::close);
        }
        if (session != null) {
            session.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void throughput(SampleCounter counter, Blackhole sink) throws OrtException {
        run(sink);
        counter.samples += batch;
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void latency(Blackhole sink) throws OrtException {
        run(sink);
    }

    private void run(Blackhole sink) throws OrtException {
        try (OrtSession.Result result = session.run(inputs)) {
            sink.consume(result.get(0));
        }
    }
}
