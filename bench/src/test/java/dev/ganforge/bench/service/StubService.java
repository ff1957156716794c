package dev.ganforge.bench.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the generator service on loopback (the JDK's HTTP server): sample requests answer 200 with an
 * {@code X-Model-Version}, except every {@code failEvery}-th which answers 500; every {@code slowEvery}-th waits
 * {@code slowMillis} first (to give the latency distribution a known floor). {@code /q/metrics} reports one
 * ORT run of 4 samples (2 requests), 1 ms long, per sample request answered so far.
 */
public final class StubService implements AutoCloseable {

    private final HttpServer server;
    private final AtomicLong sampleRequests = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final int failEvery;
    private final int slowEvery;
    private final long slowMillis;
    private volatile long version = 1;
    private volatile long activeRequests = 1;
    private volatile String slicing = "";

    public StubService(int failEvery, int slowEvery, long slowMillis) throws IOException {
        this.failEvery = failEvery;
        this.slowEvery = slowEvery;
        this.slowMillis = slowMillis;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/models/", this::samples);
        server.createContext("/q/metrics", this::metrics);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    public URI samples() {
        return base().resolve("/api/v1/models/m/samples?count=3&format=json");
    }

    public long sampleRequests() {
        return sampleRequests.get();
    }

    /** What {@code http_server_active_requests} reports from now on (1 by default: the metrics read itself). */
    public void reportActiveRequests(long n) {
        activeRequests = n;
    }

    /** Report the gauges of a service that runs batches of {@code minBatch} or more in {@code slices} slices. */
    public void reportSlicing(int slices, int minBatch) {
        slicing = "ganforge_onnx_slices " + slices + ".0\nganforge_onnx_min_sliced_batch " + minBatch + ".0\n";
    }

    public void serveVersion(long newVersion) {
        version = newVersion;
    }

    private void samples(HttpExchange exchange) throws IOException {
        long n = sampleRequests.incrementAndGet();
        if (slowEvery > 0 && n % slowEvery == 0) {
            try {
                Thread.sleep(slowMillis); // simulated service time, not synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failEvery > 0 && n % failEvery == 0) {
            answer(exchange, 500, "{\"title\":\"boom\"}");
            return;
        }
        exchange.getResponseHeaders().add("X-Model-Version", Long.toString(version));
        answered.incrementAndGet();
        answer(exchange, 200, "{\"shape\":[3,2],\"data\":[0,0,0,0,0,0]}");
    }

    private void metrics(HttpExchange exchange) throws IOException {
        long runs = answered.get();
        answer(exchange, 200, String.join("\n",
                "# HELP ganforge_batch_samples Samples per ONNX Runtime run",
                "# TYPE ganforge_batch_samples summary",
                "ganforge_batch_samples_count " + runs + ".0",
                "ganforge_batch_samples_sum " + 4 * runs + ".0",
                "ganforge_batch_samples_bucket{le=\"4.0\"} " + runs + ".0",
                "ganforge_batch_requests_count " + runs + ".0",
                "ganforge_batch_requests_sum " + 2 * runs + ".0",
                "ganforge_batch_run_seconds_count " + runs + ".0",
                "ganforge_batch_run_seconds_sum " + runs / 1000.0,
                "http_server_requests_seconds_count{method=\"GET\",uri=\"/q/metrics\"} 3.0",
                "http_server_active_requests{server_port=\"1\",url_scheme=\"http\"} " + activeRequests + ".0",
                slicing));
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
