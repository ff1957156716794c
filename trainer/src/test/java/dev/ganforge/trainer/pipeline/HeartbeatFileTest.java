package dev.ganforge.trainer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatFileTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final SteppedClock clock = new SteppedClock(T0);

    @Test
    void startWritesTheFileAtOnceCreatingMissingDirectories() throws IOException {
        Path file = dir.resolve("run/worker.heartbeat");
        new HeartbeatFile(file, INTERVAL, clock).start();
        assertEquals(T0 + "\n", Files.readString(file));
    }

    @Test
    void rewritesAtMostOncePerIntervalAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("worker.heartbeat");
        HeartbeatFile heartbeat = new HeartbeatFile(file, INTERVAL, clock).start();

        clock.advance(Duration.ofSeconds(1));
        heartbeat.beat();
        clock.advance(Duration.ofMillis(3999));
        heartbeat.beat();
        assertEquals(T0 + "\n", Files.readString(file), "beats within the interval write nothing");

        clock.advance(Duration.ofMillis(1));
        heartbeat.beat();
        assertEquals(T0.plus(INTERVAL) + "\n", Files.readString(file));
        try (Stream<Path> entries = Files.list(dir)) {
            assertEquals(List.of(file), entries.toList());
        }
    }

    @Test
    void startReplacesAFileAnEarlierProcessLeft() throws IOException {
        Path file = dir.resolve("worker.heartbeat");
        Files.writeString(file, "left over\n");
        FileTime hourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        Files.setLastModifiedTime(file, hourAgo);

        new HeartbeatFile(file, INTERVAL, clock).start();

        assertTrue(Files.getLastModifiedTime(file).compareTo(hourAgo) > 0);
        assertEquals(T0 + "\n", Files.readString(file));
    }

    @Test
    void anUnwritablePathFailsTheStartButNeverABeat() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "");
        HeartbeatFile heartbeat = new HeartbeatFile(notADirectory.resolve("worker.heartbeat"), INTERVAL, clock);

        UncheckedIOException e = assertThrows(UncheckedIOException.class, heartbeat::start);
        assertTrue(e.getMessage().contains(notADirectory.resolve("worker.heartbeat").toString()), e.getMessage());
        heartbeat.beat(); // the polling loop must survive a disk problem; the probe decides
    }

    @Test
    void aBeatAfterAFailedOneWritesAgain() throws IOException {
        Path file = dir.resolve("gone/worker.heartbeat");
        HeartbeatFile heartbeat = new HeartbeatFile(file, INTERVAL, clock).start();
        Files.delete(file);
        Files.delete(file.getParent());
        clock.advance(INTERVAL);
        heartbeat.beat();

        Files.createDirectories(file.getParent());
        clock.advance(INTERVAL);
        heartbeat.beat();
        assertEquals(T0.plus(INTERVAL.multipliedBy(2)) + "\n", Files.readString(file));
    }

    @Test
    void aReaderNeverFindsTheFileMissingWhileItIsRewritten() throws Exception {
        Path file = dir.resolve("worker.heartbeat");
        HeartbeatFile heartbeat = new HeartbeatFile(file, INTERVAL, clock).start();
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread probe = new Thread(() -> {
            while (!done.get()) {
                try {
                    Files.getLastModifiedTime(file);
                    if (Files.readString(file).isBlank()) {
                        throw new AssertionError("read an empty heartbeat file");
                    }
                    reads.incrementAndGet();
                } catch (IOException | AssertionError e) {
                    seen.compareAndSet(null, e);
                }
            }
        }, "test-probe");
        probe.start();
        try {
            // Rewrites until the probe has read often enough to have overlapped many of them.
            Instant deadline = Instant.now().plusSeconds(30);
            for (int i = 0; i < 300 || reads.get() < 300; i++) {
                assertTrue(Instant.now().isBefore(deadline), () -> "the probe read " + reads.get() + " times; "
                        + "first failure: " + seen.get());
                clock.advance(INTERVAL);
                heartbeat.beat();
            }
        } finally {
            done.set(true);
            probe.join();
        }
        assertNull(seen.get(), () -> "after " + reads.get() + " reads: " + seen.get());
    }

    /** A clock a test moves by hand. */
    private static final class SteppedClock extends Clock {

        private volatile Instant now;

        SteppedClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
