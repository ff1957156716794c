package dev.ganforge.bench.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class VersionWatchTest {

    @Test
    void notesTheFirstResponseOfEachVersionAndCountsFailures() throws Exception {
        try (StubService service = new StubService(5, 0, 0)) {
            long beforeTwo;
            long twoSeen;
            VersionWatch watch = new VersionWatch(LoadClient.defaultHttpClient(), service.samples(), 3);
            try {
                assertEquals(1L, watch.firstAnswer().get(30, TimeUnit.SECONDS));
                beforeTwo = System.nanoTime();
                service.serveVersion(2);
                twoSeen = watch.firstResponseFrom(2).get(30, TimeUnit.SECONDS);
                // Version 2 can be seen within the first few requests; let enough run for the error count to mean
                // something (polled with a deadline).
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (watch.requests() < 25 && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
            } finally {
                watch.close();
            }
            assertTrue(twoSeen >= beforeTwo, "version 2 cannot be seen before it was served");
            assertTrue(watch.firstResponseFrom(1).isDone());
            assertTrue(watch.requests() >= 25, "requests " + watch.requests());
            // every 5th request of the stub fails; the watch saw them all (give or take those in flight at close)
            assertTrue(watch.errors() >= watch.requests() / 5 - 5 && watch.errors() <= watch.requests() / 5 + 5,
                    watch.requests() + " requests, " + watch.errors() + " errors");
            assertEquals(watch.errors(), watch.errorKinds().getOrDefault("http 500", 0L));
        }
    }
}
