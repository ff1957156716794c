package dev.ganforge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Every benchmark runs through JMH for one short iteration, in-process, on a real (tiny, conditional) ONNX
 * generator, and reports something. Whether the figures are good is for docs/benchmarks.md, not for a test.
 */
class BenchmarksSmokeTest {

    @TempDir
    static Path dir;

    static Path model;

    @BeforeAll
    static void writeModel() throws Exception {
        model = MlpGeneratorModel.write(dir.resolve("mlp-conditional.onnx"), true);
    }

    @Test
    void sessionRunReportsSamplesPerSecondAndLatencyForEveryBatchAndOptionSet() throws RunnerException {
        Collection<RunResult> results = run(OrtSessionBenchmark.class);

        assertEquals(12, results.size(), "3 batch sizes x 2 option sets x (throughput, latency)");
        Set<String> options = results.stream().map(r -> r.getParams().getParam("sessionOptions"))
                .collect(Collectors.toSet());
        assertEquals(Set.of("ort-default", "service"), options);
        assertMeasuredEach(results);
        assertSamplesCounted(results, 6);
    }

    @Test
    void serviceGenerateCallReportsSamplesPerSecondAndLatency() throws RunnerException {
        Collection<RunResult> results = run(GenerateCallBenchmark.class);

        assertEquals(6, results.size(), "3 batch sizes x (throughput, latency)");
        assertMeasuredEach(results);
        assertSamplesCounted(results, 3);
    }

    @Test
    void pngAndJsonEncodingAreMeasuredForOneEightAndSixtyFourSamples() throws RunnerException {
        for (Class<?> benchmark : new Class<?>[] {PngGridBenchmark.class, JsonBatchBenchmark.class}) {
            Collection<RunResult> results = run(benchmark);

            assertEquals(Set.of("1", "8", "64"), results.stream().map(r -> r.getParams().getParam("count"))
                    .collect(Collectors.toSet()), benchmark.getSimpleName());
            assertMeasuredEach(results);
        }
    }

    @Test
    void missingModelParameterFailsTheRunWithTheFix() {
        RunnerException failure = assertThrows(RunnerException.class,
                () -> new Runner(options(JsonBatchBenchmark.class).param("model", "").param("count", "1")
                        .shouldFailOnError(true).build()).run());

        assertTrue(causes(failure).contains("pass -p model="), causes(failure));
    }

    private static Collection<RunResult> run(Class<?> benchmark) throws RunnerException {
        return new Runner(options(benchmark).param("model", model.toString()).shouldFailOnError(true).build()).run();
    }

    private static ChainedOptionsBuilder options(Class<?> benchmark) {
        return new OptionsBuilder()
                .include("^" + benchmark.getName().replace(".", "\\.") + "\\.")
                .forks(0)
                .warmupIterations(1)
                .warmupTime(TimeValue.milliseconds(100))
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .verbosity(VerboseMode.SILENT);
    }

    private static void assertMeasuredEach(Collection<RunResult> results) {
        assertFalse(results.isEmpty());
        for (RunResult result : results) {
            Result<?> primary = result.getPrimaryResult();
            String what = result.getParams().getBenchmark() + " " + result.getParams();
            assertTrue(primary.getSampleCount() > 0, what + " took no samples");
            assertTrue(primary.getScore() > 0 && Double.isFinite(primary.getScore()), what + " scored "
                    + primary.getScore());
        }
    }

    private static void assertSamplesCounted(Collection<RunResult> results, int throughputTrials) {
        long throughputRuns = results.stream().filter(r -> r.getParams().getBenchmark().endsWith(".throughput"))
                .peek(r -> {
                    Result<?> samples = r.getSecondaryResults().get("samples");
                    assertTrue(samples != null && samples.getScore() > 0, r.getParams() + ": no samples/s counter");
                    int batch = Integer.parseInt(r.getParams().getParam("batch"));
                    // The counter adds the batch size per operation: samples/s = batch × ops/s.
                    assertEquals(batch * r.getPrimaryResult().getScore(), samples.getScore(),
                            1e-6 * samples.getScore());
                })
                .count();
        assertEquals(throughputTrials, throughputRuns);
    }

    /** JMH wraps what the benchmark threw as a suppressed exception of its BenchmarkException. */
    private static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t).append(" | ");
            for (Throwable suppressed : t.getSuppressed()) {
                text.append(causes(suppressed));
            }
        }
        return text.toString();
    }
}
