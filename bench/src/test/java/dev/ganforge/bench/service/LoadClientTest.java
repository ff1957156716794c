package dev.ganforge.bench.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadClientTest {

    private final LoadClient client = new LoadClient(LoadClient.defaultHttpClient(), Duration.ofSeconds(30));

    @Test
    void countsRequestsErrorsAndSamplesExactlyAndOrdersThePercentiles() throws Exception {
        try (StubService service = new StubService(10, 10, 30)) {
            LoadResult r = client.run(service.samples(), new LoadPlan(4, Duration.ZERO, Duration.ofMinutes(2), 200), 3);

            assertEquals(200, r.requests());
            assertEquals(200, service.sampleRequests(), "no request left out of the record, none sent twice");
            assertEquals(20, r.errors());
            assertEquals(Map.of("http 500", 20L), r.errorKinds());
            assertEquals(180 * 3, r.samples());
            assertEquals(4, r.concurrency());
            // Every 10th request waits 30 ms in the server, so the slowest 10% take at least that long.
            assertTrue(r.p99Millis() >= 30, "p99 " + r.p99Millis());
            assertTrue(r.maxMillis() >= 30, "max " + r.maxMillis());
            assertTrue(r.p50Millis() > 0 && r.p50Millis() <= r.p99Millis() && r.p99Millis() <= r.p999Millis()
                    && r.p999Millis() <= r.maxMillis() * 1.001, r.toString());
            assertTrue(r.meanMillis() > 0 && r.meanMillis() <= r.maxMillis(), r.toString());
            assertEquals(r.samples() / r.seconds(), r.samplesPerSecond(), 1e-9);
            assertEquals(200 / r.seconds(), r.requestsPerSecond(), 1e-9);
        }
    }

    @Test
    void warmUpRequestsAreSentButNotRecorded() throws Exception {
        try (StubService service = new StubService(0, 0, 0)) {
            LoadResult r = client.run(service.samples(),
                    new LoadPlan(2, Duration.ofMillis(300), Duration.ofMinutes(2), 50), 3);
            assertEquals(50, r.requests());
            assertEquals(0, r.errors());
            assertTrue(service.sampleRequests() > 50, "warm-up requests reached the server too: "
                    + service.sampleRequests());
        }
    }

    @Test
    void aServiceThatIsNotThereIsCountedAsErrorsNotThrown() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        LoadResult r = client.run(URI.create("http://127.0.0.1:" + port + "/x"),
                new LoadPlan(2, Duration.ZERO, Duration.ofMinutes(1), 6), 1);
        assertEquals(6, r.requests());
        assertEquals(6, r.errors());
        assertEquals(0, r.samples());
        assertEquals(Map.of("ConnectException", 6L), r.errorKinds());
    }

    @Test
    void plansRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new LoadPlan(0, Duration.ZERO, Duration.ofSeconds(1), 0));
        assertThrows(IllegalArgumentException.class, () -> new LoadPlan(1, Duration.ZERO, Duration.ZERO, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new LoadPlan(1, Duration.ofSeconds(-1), Duration.ofSeconds(1), 0));
        assertThrows(IllegalArgumentException.class, () -> new LoadPlan(1, Duration.ZERO, Duration.ofSeconds(1), -1));
    }
}
