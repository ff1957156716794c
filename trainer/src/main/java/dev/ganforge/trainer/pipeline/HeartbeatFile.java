package dev.ganforge.trainer.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file whose modification time says when the worker's polling loop last went round, for an exec liveness
 * probe ({@code stat -c %Y}) that restarts the worker once the file is too old. Rewritten at most once per
 * interval however often the loop beats; the clock only paces that, the mtime is the file system's own.
 */
public final class HeartbeatFile implements Heartbeat {

    /** Short next to any sane probe threshold (minutes), long enough that the writes cost nothing. */
    public static final Duration INTERVAL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatFile.class);

    private final Path file;
    private final Path temp;
    private final Duration interval;
    private final Clock clock;
    private Instant last;
    private boolean failing;

    public HeartbeatFile(Path file, Duration interval, Clock clock) {
        this.file = file;
        this.temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        this.interval = interval;
        this.clock = clock;
    }

    /**
     * Writes the first beat now, creating missing parent directories. Now, so that a file an earlier process
     * left behind is never taken for this one's; throwing, so that a path the worker cannot write stops it at
     * start rather than at its first failed probe.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public synchronized HeartbeatFile start() {
        Instant now = clock.instant();
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            write(now);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write heartbeat file " + file, e);
        }
        last = now;
        return this;
    }

    @Override
    public synchronized void beat() {
        Instant now = clock.instant();
        if (last != null && now.isBefore(last.plus(interval))) {
            return;
        }
        last = now; // also after a failure: a broken disk is retried once per interval, not once per poll
        try {
            write(now);
            if (failing) {
                LOG.info("heartbeat file {} written again", file);
                failing = false;
            }
        } catch (IOException e) {
            if (!failing) {
                // Not fatal here: if it persists, the liveness probe restarts the worker, and this says why.
                LOG.warn("cannot write heartbeat file {}: {}", file, e.toString());
                failing = true;
            }
        }
    }

    /** Write-then-rename: a probe sees the old file or the new one, never a missing or half-written one. */
    private void write(Instant now) throws IOException {
        Files.writeString(temp, now + "\n", StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
