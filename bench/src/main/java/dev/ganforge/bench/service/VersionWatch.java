package dev.ganforge.bench.service;

import dev.ganforge.shared.contract.ServicePaths;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Background closed-loop load that notes, per model version, when the first response served by it arrived
 * (the {@code X-Model-Version} header), and counts every request that did not answer 200. Waiting for a
 * version is waiting on a future the load threads complete: no polling.
 */
public final class VersionWatch implements AutoCloseable {

    /** The header every sample response carries. */
    public static final String VERSION_HEADER = ServicePaths.MODEL_VERSION_HEADER;

    private final HttpClient http;
    private final HttpRequest request;
    private final Map<Long, CompletableFuture<Long>> firstSeen = new ConcurrentHashMap<>();
    private final CompletableFuture<Long> anyAnswer = new CompletableFuture<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Map<String, Long> errorKinds = new ConcurrentSkipListMap<>();
    private final List<Thread> users = new ArrayList<>();
    private volatile boolean running = true;

    public VersionWatch(HttpClient http, URI samples, int users) {
        this.http = http;
        this.request = HttpRequest.newBuilder(samples).timeout(Duration.ofSeconds(60)).GET().build();
        for (int i = 0; i < users; i++) {
            Thread user = new Thread(this::loop, "swap-load-" + i);
            user.setDaemon(true);
            this.users.add(user);
            user.start();
        }
    }

    /** {@link System#nanoTime} at which the first response served by {@code version} arrived. */
    public CompletableFuture<Long> firstResponseFrom(long version) {
        return firstSeen.computeIfAbsent(version, v -> new CompletableFuture<>());
    }

    /** Completes with the version of the first successful response of all. */
    public CompletableFuture<Long> firstAnswer() {
        return anyAnswer;
    }

    public long requests() {
        return requests.get();
    }

    public long errors() {
        return errors.get();
    }

    public Map<String, Long> errorKinds() {
        return Map.copyOf(errorKinds);
    }

    private void loop() {
        while (running) {
            String failure;
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                long arrived = System.nanoTime();
                if (response.statusCode() == 200) {
                    Optional<String> version = response.headers().firstValue(VERSION_HEADER);
                    failure = version.isPresent() ? seen(version.get(), arrived) : "no " + VERSION_HEADER + " header";
                } else {
                    failure = "http " + response.statusCode();
                }
            } catch (IOException e) {
                failure = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                return;
            }
            if (!running) {
                return;
            }
            requests.incrementAndGet();
            if (failure != null) {
                errors.incrementAndGet();
                errorKinds.merge(failure, 1L, Long::sum);
            }
        }
    }

    /** @return null, or what is wrong with the header */
    private String seen(String header, long arrived) {
        long version;
        try {
            version = Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return "bad " + VERSION_HEADER + " '" + header + "'";
        }
        firstResponseFrom(version).complete(arrived);
        anyAnswer.complete(version);
        return null;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread user : users) {
            user.join(Duration.ofSeconds(65).toMillis());
        }
    }
}
