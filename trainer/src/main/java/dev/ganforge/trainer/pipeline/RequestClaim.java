package dev.ganforge.trainer.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;

/**
 * One worker at a time per request: an exclusive lock on {@code <run dir>.lock} beside the request's run dir, held
 * while the request is trained and published. Kafka hands a partition to one member of a group, but across a
 * rebalance (a member that paused past its session, one that was declared dead and is not) two workers can hold
 * the same request; the second one waits here and then finds the outcome of the first.
 *
 * <p>An OS record lock ({@code fcntl}): the kernel drops it when its process dies, SIGKILL included, so a killed
 * worker never leaves a request locked. On a shared volume the filesystem must support such locks across clients
 * (NFSv4 does, and releases a dead client's locks when its lease expires).
 */
final class RequestClaim implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private RequestClaim(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the claim on {@code runDir}'s request, waiting while another worker holds it.
     *
     * @param waiting told once when the claim is held elsewhere
     * @throws InterruptedException when the worker stops while waiting
     */
    static RequestClaim take(Path runDir, Duration recheck, Runnable waiting) throws InterruptedException {
        Path file = runDir.resolveSibling(runDir.getFileName() + ".lock");
        boolean told = false;
        while (true) {
            Optional<RequestClaim> claim = tryTake(file);
            if (claim.isPresent()) {
                return claim.get();
            }
            if (!told) {
                waiting.run();
                told = true;
            }
            Thread.sleep(recheck.toMillis()); // another process holds it; the kernel tells us nothing when it lets go
        }
    }

    private static Optional<RequestClaim> tryTake(Path file) {
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return Optional.of(new RequestClaim(channel, lock));
            }
        } catch (OverlappingFileLockException heldInThisProcess) {
            // another worker in this JVM (tests run several) holds it
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file, e);
        }
        closeQuietly(channel);
        return Optional.empty();
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it as well
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing held through it any more
            }
        }
    }
}
