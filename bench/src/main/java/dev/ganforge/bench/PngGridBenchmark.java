package dev.ganforge.bench;

import ai.onnxruntime.OrtException;
import dev.ganforge.shared.model.SampleBatch;
import dev.ganforge.shared.render.CurvePlotRenderer;
import dev.ganforge.shared.render.SampleGridRenderer;
import java.util.List;
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
 * Encoding {@code count} generated samples as the PNG a sample request returns by default, exactly as the
 * service's {@code SampleImages.grid} does it: images as a grid (tiles under 64 px upscaled 2×), curves as a
 * line plot. The samples are real outputs of the model, so PNG compression sees what it sees in production.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PngGridBenchmark {

    /** SampleImages.UPSCALE_BELOW in the service. */
    private static final int UPSCALE_BELOW = 64;

    @Param("")
    public String model;

    @Param({"1", "8", "64"})
    public int count;

    private SampleBatch samples;
    private boolean curves;
    private SampleGridRenderer grid;
    private final CurvePlotRenderer curvePlot = new CurvePlotRenderer();

    @Setup(Level.Trial)
    public void generate() throws OrtException {
        BenchModel generator = BenchModel.load(model);
        samples = generator.sampleBatch(count);
        curves = "curve".equals(generator.metadata().outputKind());
        List<Integer> shape = generator.metadata().outputShape();
        grid = new SampleGridRenderer(0, !curves && shape.get(shape.size() - 2) < UPSCALE_BELOW ? 2 : 1);
    }

    @Benchmark
    public byte[] encode() {
        return curves ? curvePlot.render(samples) : grid.render(samples);
    }
}
