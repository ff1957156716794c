package dev.ganforge.bench.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs the real {@code wrk} (scripts/prerequisites installs it) against {@link StubService}. */
class WrkLoadGeneratorTest {

    private static WrkLoadGenerator wrk(StubService service) {
        return new WrkLoadGenerator("wrk", 2, Duration.ofSeconds(30),
                new ServiceMetrics(LoadClient.defaultHttpClient(), service.base()));
    }

    @Test
    void countsStatusErrorsAndSamplesAndOrdersThePercentiles() throws Exception {
        try (StubService service = new StubService(10, 10, 30)) {
            LoadResult r = wrk(service).run(service.samples(), new LoadPlan(2, Duration.ZERO, Duration.ofSeconds(1), 0), 3);

            assertTrue(r.requests() >= 20, "wrk ran for a second: " + r);
            // Every 10th request answers 500; wrk may stop with the last ones in flight, so the split is ±2.
            assertEquals(r.requests() / 10.0, r.errors(), 2.0, r.toString());
            assertEquals(r.errors() == 0 ? Map.of() : Map.of("http non-2xx/3xx", r.errors()), r.errorKinds());
            assertEquals((r.requests() - r.errors()) * 3, r.samples());
            assertEquals(2, r.concurrency());
            // Every 10th request waits 30 ms in the server, so the slowest 10% take at least that long.
            assertTrue(r.p99Millis() >= 30, "p99 " + r.p99Millis());
            assertTrue(r.p50Millis() > 0 && r.p50Millis() <= r.p99Millis() && r.p99Millis() <= r.p999Millis()
                    && r.p999Millis() <= r.maxMillis(), r.toString());
            assertTrue(r.meanMillis() > 0 && r.meanMillis() <= r.maxMillis(), r.toString());
            assertTrue(r.seconds() >= 0.9 && r.seconds() < 30, r.toString());
            assertTrue(service.sampleRequests() >= r.requests(), "each recorded request reached the stub");
        }
    }

    @Test
    void theWarmUpIsSentButNotRecorded() throws Exception {
        try (StubService service = new StubService(0, 0, 0)) {
            LoadResult r = wrk(service).run(service.samples(), new LoadPlan(1, Duration.ofSeconds(1), Duration.ofSeconds(1), 0), 1);
            assertTrue(service.sampleRequests() > r.requests(), "warm-up requests reached the stub too: "
                    + service.sampleRequests() + " vs " + r.requests() + " recorded");
            assertEquals(0, r.errors());
        }
    }

    @Test
    void parsesTheFiguresLineIncludingSocketErrors() throws IOException {
        LoadResult r = WrkLoadGenerator.parse("Running 1s test @ http://x\n" + WrkLoadGenerator.MARK
                + " requests=100 seconds=2.000000 connect=0 read=3 write=0 status=10 timeout=1"
                + " p50=1500 p99=9000 p999=12000 max=15000 mean=2100.500\n", 8, 2);
        assertEquals(104, r.requests());
        assertEquals(14, r.errors());
        assertEquals(Map.of("read", 3L, "timeout", 1L, "http non-2xx/3xx", 10L), r.errorKinds());
        assertEquals(180, r.samples());
        assertEquals(90.0, r.samplesPerSecond(), 1e-9);
        assertEquals(1.5, r.p50Millis(), 1e-9);
        assertEquals(12.0, r.p999Millis(), 1e-9);
        assertEquals(2.1005, r.meanMillis(), 1e-9);
    }

    @Test
    void aMissingWrkOrARequestLimitIsAClearError() {
        ServiceMetrics nowhere = new ServiceMetrics(LoadClient.defaultHttpClient(), java.net.URI.create("http://127.0.0.1:1/"));
        WrkLoadGenerator missing = new WrkLoadGenerator("/nonexistent/wrk", 1, Duration.ofSeconds(1), nowhere);
        WrkLoadGenerator wrk = new WrkLoadGenerator("wrk", 1, Duration.ofSeconds(1), nowhere);
        IOException e = assertThrows(IOException.class, () -> missing.run(java.net.URI.create("http://127.0.0.1:1/"),
                new LoadPlan(1, Duration.ZERO, Duration.ofSeconds(1), 0), 1));
        assertTrue(e.getMessage().contains("apt-get install -y wrk"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> wrk.run(java.net.URI.create("http://127.0.0.1:1/"),
                new LoadPlan(1, Duration.ZERO, Duration.ofSeconds(1), 5), 1));
    }
}
