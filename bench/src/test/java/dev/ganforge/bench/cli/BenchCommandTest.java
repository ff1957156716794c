package dev.ganforge.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.trainer.export.FreshRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

    @Test
    void benchTrainReportsThroughputFlopsAndPeakForARealRun() {
        CliRun run = CliRun.of("bench", "train", "--arch", "curves", "--iterations", "3", "--warmup", "1",
                "--warmup-time", "0s");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("3 timed iterations after 1 warm-up"), run.out());
        assertTrue(run.out().matches("(?s).*throughput\\s+[0-9.]+ images/s.*"), run.out());
        // curves: G 2·(5·128 + 128·15), D 2·(15·128 + 128)
        assertTrue(run.out().contains("G 0.005 MFLOP + D 0.004 MFLOP"), run.out());
        assertTrue(run.out().matches("(?s).*fraction of peak\\s+[0-9.]+%.*"), run.out());
    }

    @Test
    void theWarmUpLastsAtLeastItsTimeAndTheTimedIterationsAreExactlyThoseAsked() {
        CliRun run = CliRun.of("bench", "train", "--arch", "curves", "--iterations", "3", "--warmup", "1",
                "--warmup-time", "1s");
        assertEquals(0, run.exitCode(), run.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("3 timed iterations after (\\d+) warm-up")
                .matcher(run.out());
        assertTrue(m.find(), run.out());
        // A curves iteration takes milliseconds: a second of warm-up is many more than the minimum of 1.
        assertTrue(Long.parseLong(m.group(1)) > 10, run.out());
    }

    @Test
    void unknownArchitectureIsOneLine() {
        CliRun run = CliRun.of("bench", "train", "--arch", "vae");
        assertEquals(1, run.exitCode());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains("unknown architecture 'vae'"), run.err());
    }

    @Test
    void benchInferenceTimesConcurrentCallersOnARealSession(@TempDir Path dir) {
        Path model = FreshRuns.onnxFile(dir, "curves", 3);

        CliRun run = CliRun.of("bench", "inference", "--from", model.toString(), "--batch-sizes", "1,4",
                "--warmup", "2", "--runs", "5", "--callers", "2", "--intra-op-threads", "1", "--spinning", "false");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("2 caller(s), intra-op threads 1, spinning off"), run.out());
        List<String> rows = resultRows(run);
        assertEquals(2, rows.size(), run.out());
        assertTrue(rows.get(1).trim().startsWith("4 "), rows.get(1));
    }

    @Test
    void benchInferenceRunsLargeBatchesInSlicesLikeTheService(@TempDir Path dir) {
        Path model = FreshRuns.onnxFile(dir, "curves", 3);

        CliRun run = CliRun.of("bench", "inference", "--from", model.toString(), "--batch-sizes", "1,3,8",
                "--warmup", "2", "--runs", "5", "--slices", "2", "--min-sliced-batch", "3", "--spinning", "false");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("batches of 3 or more in 2 slices"), run.out());
        List<String> rows = resultRows(run);
        assertEquals(3, rows.size(), run.out());
    }

    @Test
    void callersAndSlicesTogetherAreOneLine(@TempDir Path dir) {
        CliRun run = CliRun.of("bench", "inference", "--from", dir.resolve("any.onnx").toString(), "--callers", "2",
                "--slices", "2");
        assertEquals(1, run.exitCode());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains("--callers and --slices cannot be combined"), run.err());
    }

    @Test
    void missingModelIsOneLine() {
        CliRun run = CliRun.of("bench", "inference", "--from", "/nonexistent/model.onnx");
        assertEquals(1, run.exitCode());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains("no such model file"), run.err());
    }

    @Test
    void aFileThatIsNotAModelIsOneLine(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "not a model");
        CliRun run = CliRun.of("bench", "inference", "--from", junk.toString());
        assertEquals(1, run.exitCode());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains("not a ganforge generator"), run.err());
    }

    /** The table rows of {@code bench inference}: batch, p50, p99, samples/s. */
    private static List<String> resultRows(CliRun run) {
        return run.out().lines().filter(l -> l.matches("\\s+\\d+(\\s+[0-9.]+){3}")).toList();
    }
}
