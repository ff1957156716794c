package dev.ganforge.trainer.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Ids of requests whose outcome event is written, one per line in the worker's state dir. Appended and
 * forced to disk before the request's offset is committed, so a crash between the two never runs a request
 * twice. The events topic is the other copy ({@link OutcomeLog}); either alone is enough.
 */
public final class ProcessedRequests {

    private final Path file;
    private final Set<String> ids = new HashSet<>();

    public ProcessedRequests(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        ids.add(line.strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public synchronized boolean contains(String id) {
        return ids.contains(id);
    }

    public synchronized int size() {
        return ids.size();
    }

    /** Adds ids known from elsewhere (the events topic) and persists the new ones. */
    public synchronized void addAll(Collection<String> more) {
        more.stream().filter(id -> !ids.contains(id)).toList().forEach(this::add);
    }

    public synchronized void add(String id) {
        if (id.contains("\n") || id.contains("\r")) {
            throw new IllegalArgumentException("request ids cannot contain line breaks");
        }
        if (!ids.add(id)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record request " + id + " in " + file, e);
        }
    }
}
