package dev.ganforge.bench.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load generator: one platform thread per simulated user, each sending its next request (an HTTP
 * GET, or any {@link Exchange}) as soon as the previous one answered. Closed loop on purpose: it measures what the service sustains without queueing
 * up work it cannot do (an open-loop generator would measure its own backlog once the service saturates).
 * Latency is from just before {@code send} to the whole body read, recorded in an HdrHistogram per thread.
 */
public final class LoadClient implements LoadGenerator {

    /** Latencies above this are clamped; a minute is far beyond any sensible sample request. */
    private static final long HIGHEST_MICROS = Duration.ofMinutes(1).toNanos() / 1_000;

    private final HttpClient http;
    private final Duration requestTimeout;

    public LoadClient(HttpClient http, Duration requestTimeout) {
        this.http = http;
        this.requestTimeout = requestTimeout;
    }

    /** An HTTP/1.1 client (no h2c upgrade attempt per connection), as a browser or curl on loopback would use. */
    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public LoadResult run(URI target, LoadPlan plan, int samplesPerRequest) throws InterruptedException {
        return run(exchange(HttpRequest.newBuilder(target).timeout(requestTimeout).GET().build()), plan,
                samplesPerRequest);
    }

    /** An exchange that sends {@code request} on this client's connections and reads the whole answer. */
    public Exchange exchange(HttpRequest request) {
        return () -> {
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                return response.statusCode() == 200 ? null : "http " + response.statusCode();
            } catch (IOException e) {
                return e.getClass().getSimpleName();
            }
        };
    }

    /** The request timeout this client's HTTP requests carry. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** Runs the plan with {@code exchange} as every user's request. */
    public LoadResult run(Exchange exchange, LoadPlan plan, int samplesPerRequest) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + plan.warmup().toNanos();
        long measureUntil = measureFrom + plan.measure().toNanos();
        AtomicLong budget = new AtomicLong(plan.maxRequests() == 0 ? Long.MAX_VALUE : plan.maxRequests());
        List<User> users = new ArrayList<>();
        for (int i = 0; i < plan.concurrency(); i++) {
            User user = new User(exchange, measureFrom, measureUntil, budget);
            users.add(user);
            user.thread.start();
        }
        for (User user : users) {
            user.thread.join();
        }
        // Requests begun before the end of the window are finished and counted, so the window ends with the last.
        long lastEnd = users.stream().mapToLong(u -> u.lastRecordedEnd).max().orElse(measureFrom);
        double seconds = Math.max(1e-9, (lastEnd - measureFrom) / 1e9);
        Histogram all = new Histogram(HIGHEST_MICROS, 3);
        long errors = 0;
        Map<String, Long> kinds = new TreeMap<>();
        long ok = 0;
        for (User user : users) {
            all.add(user.latencies);
            errors += user.errors;
            ok += user.ok;
            user.errorKinds.forEach((kind, n) -> kinds.merge(kind, n, Long::sum));
        }
        return new LoadResult(plan.concurrency(), all.getTotalCount(), errors, kinds, ok * samplesPerRequest,
                seconds, millis(all.getValueAtPercentile(50)), millis(all.getValueAtPercentile(99)),
                millis(all.getValueAtPercentile(99.9)), millis(all.getMaxValue()), all.getMean() / 1e3);
    }

    private static double millis(long micros) {
        return micros / 1e3;
    }

    /** One simulated user: its own thread, its own histogram, no shared state but the request budget. */
    private final class User {

        final Histogram latencies = new Histogram(HIGHEST_MICROS, 3);
        final Map<String, Long> errorKinds = new TreeMap<>();
        final Thread thread;
        long errors;
        long ok;
        long lastRecordedEnd;

        User(Exchange exchange, long measureFrom, long measureUntil, AtomicLong budget) {
            this.thread = new Thread(() -> loop(exchange, measureFrom, measureUntil, budget), "load-user");
            this.thread.setDaemon(true);
        }

        private void loop(Exchange exchange, long measureFrom, long measureUntil, AtomicLong budget) {
            while (!Thread.currentThread().isInterrupted()) {
                long begin = System.nanoTime();
                if (begin >= measureUntil) {
                    return;
                }
                boolean recorded = begin >= measureFrom;
                if (recorded && budget.getAndDecrement() <= 0) {
                    return;
                }
                String failure = send(exchange);
                long end = System.nanoTime();
                if (!recorded) {
                    continue;
                }
                latencies.recordValue(Math.min(HIGHEST_MICROS, (end - begin) / 1_000));
                lastRecordedEnd = end;
                if (failure == null) {
                    ok++;
                } else {
                    errors++;
                    errorKinds.merge(failure, 1L, Long::sum);
                }
            }
        }

        private String send(Exchange exchange) {
            try {
                return exchange.call();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
    }
}
