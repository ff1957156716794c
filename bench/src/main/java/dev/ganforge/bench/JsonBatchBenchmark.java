package dev.ganforge.bench;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ganforge.shared.model.SampleBatch;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Serialising {@code count} generated samples as the {@code format=json} body ({@link SampleBatch}:
 * {@code {"shape":[…],"data":[…]}}) with Jackson, the library Quarkus REST serialises it with in the service.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class JsonBatchBenchmark {

    @Param("")
    public String model;

    @Param({"1", "8", "64"})
    public int count;

    private final ObjectMapper json = new ObjectMapper();
    private SampleBatch samples;

    @Setup(Level.Trial)
    public void generate() throws OrtException {
        samples = BenchModel.load(model).sampleBatch(count);
    }

    @Benchmark
    public byte[] encode() throws JsonProcessingException {
        return json.writeValueAsBytes(samples);
    }
}
