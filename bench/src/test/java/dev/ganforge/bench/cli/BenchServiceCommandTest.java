package dev.ganforge.bench.cli;

import dev.ganforge.bench.service.StubService;
import dev.ganforge.trainer.cli.CliErrors;
import dev.ganforge.trainer.export.FreshRuns;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchServiceCommandTest {

    @Test
    void reportsEveryConcurrencyLevelWithTheBatchSizesTheServiceRan() throws Exception {
        try (StubService service = new StubService(0, 0, 0)) {
            CliRun run = CliRun.of("bench", "service", "--url", service.base().toString(), "--model", "m",
                    "--concurrency", "1,3", "--warmup", "0s", "--duration", "2m", "--requests", "30", "--count", "3");
            assertEquals(0, run.exitCode(), run.err());
            List<String> rows = run.out().lines().filter(l -> l.matches("\\s+\\d+\\s+[0-9.]+.*")).toList();
            assertEquals(2, rows.size(), run.out());
            // conc p50 p99 p99.9 max req/s samples/s errors ORT-runs samples/run run-ms busy: 30 requests, the
            // stub's 4 samples and 1 ms per run
            assertTrue(rows.get(0).matches("\\s+1(\\s+[0-9.]+){6}\\s+0\\s+30\\s+4\\.00\\s+1\\.00\\s+\\d+%"), rows.get(0));
            assertTrue(rows.get(1).matches("\\s+3(\\s+[0-9.]+){6}\\s+0\\s+30\\s+4\\.00\\s+1\\.00\\s+\\d+%"), rows.get(1));
            assertEquals(60, service.sampleRequests());
        }
    }

    @Test
    void roundsCompareEachWithTheRawSessionAndEndWithTheMedians(@TempDir Path dir) throws Exception {
        Path model = FreshRuns.onnxFile(dir, "curves", 3);
        try (StubService service = new StubService(0, 0, 0)) {
            CliRun run = CliRun.of("bench", "service", "--url", service.base().toString(), "--model", "m",
                    "--client", "java", "--concurrency", "1,2", "--warmup", "0s", "--requests", "10",
                    "--rounds", "2", "--raw", model.toString(), "--raw-runs", "5");
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(2, run.out().lines().filter(l -> l.startsWith("raw ONNX Runtime session")).count(), run.out());
            List<String> medians = run.out().lines().dropWhile(l -> !l.equals("median over 2 rounds")).toList();
            assertEquals(4, medians.size(), run.out());
            // conc batch service-s/s raw-s/s ratio p99-ratio min-ratio, at the stub's 4 samples per run
            assertTrue(medians.get(2).matches("\\s+1\\s+4(\\s+[0-9.]+){5}"), medians.get(2));
            assertTrue(medians.get(3).matches("\\s+2\\s+4(\\s+[0-9.]+){5}"), medians.get(3));
            assertEquals(40, service.sampleRequests());
        }
    }

    @Test
    void aServiceThatSlicesIsAlsoComparedWithTheRawModelSlicedTheSameWay(@TempDir Path dir) throws Exception {
        Path model = FreshRuns.onnxFile(dir, "curves", 3);
        try (StubService service = new StubService(0, 0, 0)) {
            service.reportSlicing(2, 4);
            CliRun run = CliRun.of("bench", "service", "--url", service.base().toString(), "--model", "m",
                    "--client", "java", "--concurrency", "1", "--warmup", "0s", "--requests", "10",
                    "--rounds", "2", "--raw", model.toString(), "--raw-runs", "5");
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().contains("sliced: as the service slices, batches of 4 or more in 2 slices"), run.out());
            List<String> medians = run.out().lines().dropWhile(l -> !l.equals("median over 2 rounds")).toList();
            assertTrue(medians.get(1).endsWith("sliced samples/s service/sliced s/s"), medians.get(1));
            // conc batch service-s/s raw-s/s ratio p99-ratio min-ratio sliced-s/s sliced-ratio
            assertTrue(medians.get(2).matches("\\s+1\\s+4(\\s+[0-9.]+){7}"), medians.get(2));
        }
    }

    @Test
    void wrkDrivesTheLoadWhenAsked() throws Exception {
        try (StubService service = new StubService(0, 0, 0)) {
            CliRun run = CliRun.of("bench", "service", "--url", service.base().toString(), "--model", "m",
                    "--client", "wrk", "--concurrency", "2", "--warmup", "0s", "--duration", "1s", "--count", "3");
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().contains("load generator wrk"), run.out());
            List<String> rows = run.out().lines().filter(l -> l.matches("\\s+\\d+\\s+[0-9.]+.*")).toList();
            assertEquals(1, rows.size(), run.out());
            // conc p50 p99 p99.9 max req/s samples/s errors ORT-runs samples/run, the stub's 4 samples/run
            assertTrue(rows.get(0).matches("\\s+2(\\s+[0-9.]+){6}\\s+0\\s+\\d+\\s+4\\.00\\s+1\\.00\\s+\\d+%"), rows.get(0));
            assertTrue(service.sampleRequests() > 10, "wrk sent requests: " + service.sampleRequests());
        }
    }

    @Test
    void aClientThatCannotDoTheRunIsRefused() {
        CliRun limit = CliRun.of("bench", "service", "--url", "http://127.0.0.1:1", "--model", "m", "--client", "wrk",
                "--requests", "5");
        assertEquals(CliErrors.USAGE, limit.exitCode());
        assertTrue(limit.err().startsWith("ganforge: --requests needs --client java"), limit.err());
        CliRun unknown = CliRun.of("bench", "service", "--url", "http://127.0.0.1:1", "--model", "m", "--client", "ab");
        assertEquals(CliErrors.USAGE, unknown.exitCode());
        assertTrue(unknown.err().startsWith("ganforge: --client must be auto, wrk or java"), unknown.err());
    }

    @Test
    void aServiceThatIsNotThereIsOneLineEvenWithARawModel(@TempDir Path dir) {
        Path model = FreshRuns.onnxFile(dir, "curves", 3);
        for (List<String> extra : List.of(List.<String>of(), List.of("--raw", model.toString()))) {
            List<String> args = new java.util.ArrayList<>(List.of("bench", "service", "--url", "http://127.0.0.1:1",
                    "--model", "m", "--client", "java", "--concurrency", "1", "--warmup", "0s", "--requests", "1"));
            args.addAll(extra);
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(1, run.exitCode(), run.err());
            assertEquals(1, run.errLines().size(), run.err());
            assertTrue(run.err().contains("nothing answers at http://127.0.0.1:1/ (is the service running?)"),
                    extra + ": " + run.err());
        }
    }

    @Test
    void failedRequestsAreCountedAndNamed() throws Exception {
        try (StubService service = new StubService(2, 0, 0)) {
            CliRun run = CliRun.of("bench", "service", "--url", service.base().toString(), "--model", "m",
                    "--concurrency", "2", "--warmup", "0s", "--requests", "10");
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().contains("errors: {http 500=5}"), run.out());
        }
    }

    @Test
    void badConcurrencyIsOneReadableLine() {
        for (String bad : List.of("0", "1,-8", "8,x", "")) {
            CliRun run = CliRun.of("bench", "service", "--url", "http://127.0.0.1:1", "--model", "m",
                    "--concurrency", bad);
            assertEquals(CliErrors.USAGE, run.exitCode(), bad);
            List<String> errors = run.errLines().stream().filter(l -> l.startsWith("ganforge:")).toList();
            assertEquals(1, errors.size(), run.err());
            assertTrue(errors.get(0).contains("--concurrency"), run.err());
            assertFalse(run.err().contains("\tat "), run.err());
        }
    }

    @Test
    void badFormatAndUrlAreRefusedBeforeAnyRequest() {
        CliRun format = CliRun.of("bench", "service", "--url", "http://127.0.0.1:1", "--model", "m", "--format", "gif");
        assertEquals(CliErrors.USAGE, format.exitCode());
        assertTrue(format.err().startsWith("ganforge: Invalid value for option '--format'"), format.err());
        assertTrue(format.err().contains("[PNG, JSON, NPY]"), format.err());
        CliRun url = CliRun.of("bench", "service", "--url", "ftp://x", "--model", "m");
        assertEquals(CliErrors.USAGE, url.exitCode());
        assertTrue(url.err().startsWith("ganforge: --url must be http://HOST:PORT"), url.err());
        CliRun duration = CliRun.of("bench", "service", "--url", "http://127.0.0.1:1", "--model", "m",
                "--duration", "soon");
        assertEquals(CliErrors.USAGE, duration.exitCode());
        assertTrue(duration.err().contains("'soon' is not a duration"), duration.err());
    }

    @Test
    void aServiceThatIsNotThereIsOneLine() {
        CliRun run = CliRun.of("bench", "service", "--url", "http://127.0.0.1:1", "--model", "m",
                "--concurrency", "1", "--warmup", "0s", "--requests", "2");
        assertEquals(CliErrors.FAILURE, run.exitCode());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains("http://127.0.0.1:1"), run.err());
    }
}
