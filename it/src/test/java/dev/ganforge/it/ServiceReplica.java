package dev.ganforge.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/** One generator-service process of a {@link Loopback} on its own port, seen through its HTTP API for one model. */
class ServiceReplica {

    final String name;
    final int port;
    private final Loopback loopback;
    private final String model;
    private final Map<String, String> env;
    private Process process;

    ServiceReplica(Loopback loopback, String name, String model, Map<String, String> env) throws IOException {
        this.loopback = loopback;
        this.name = name;
        this.port = Loopback.freePort();
        this.model = model;
        this.env = env;
    }

    void start() throws IOException {
        process = loopback.service(name, port, env);
    }

    void stop() throws InterruptedException {
        process.destroy(); // SIGTERM: a rolling restart
        assertTrue(process.waitFor(1, TimeUnit.MINUTES), name + " did not stop");
    }

    String base() {
        return base(model);
    }

    private String base(String name) {
        return "http://127.0.0.1:" + port + "/api/v1/models/" + name;
    }

    HttpResponse<String> sample() throws IOException, InterruptedException {
        return Loopback.HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/samples?count=1&format=json"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The version a sample comes from, 0 when none is served (or the replica does not answer yet). */
    long servedVersion() throws InterruptedException {
        try {
            HttpResponse<String> response = sample();
            return response.statusCode() == 200
                    ? Long.parseLong(response.headers().firstValue("X-Model-Version").orElse("0")) : 0;
        } catch (IOException notYet) {
            return 0;
        }
    }

    JsonNode model() throws IOException, InterruptedException {
        return model(model);
    }

    /** What {@code GET /api/v1/models/NAME} answers. */
    JsonNode model(String name) throws IOException, InterruptedException {
        return Loopback.JSON.readTree(Loopback.HTTP.send(HttpRequest.newBuilder(URI.create(base(name))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** Until the listing of model {@code name} satisfies {@code wanted}. */
    void awaitModel(String name, Predicate<JsonNode> wanted, String what, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode last = null;
        while (true) {
            try {
                last = model(name);
                if (wanted.test(last)) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (Instant.now().isAfter(deadline)) {
                fail("replica " + this.name + " lists no " + what + " of " + name + " within " + timeout + " (last: "
                        + last + ")" + loopback.log("service-" + this.name));
            }
            TimeUnit.MILLISECONDS.sleep(20); // paces the poll; the loop ends on the condition or the deadline
        }
    }

    /** Until model {@code name} has an active version (loaded; what serves once the replica is ready). */
    void awaitActive(String name, Duration timeout) throws Exception {
        awaitModel(name, model -> model.path("activeVersion").isNumber(), "active version", timeout);
    }

    /** Until the readiness check answers 200 (models and control topics replayed, a model serving). */
    void awaitReady(Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                if (Loopback.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/q/health/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (Instant.now().isAfter(deadline)) {
                fail("replica " + name + " not ready within " + timeout + loopback.log("service-" + name));
            }
            TimeUnit.MILLISECONDS.sleep(20); // paces the poll; the loop ends on the condition or the deadline
        }
    }

    /** Until a sample comes from {@code version} or newer. */
    void awaitVersion(long version, Duration timeout) throws Exception {
        awaitServed(v -> v >= version, "version " + version, timeout);
    }

    /** Until a sample comes from a version {@code wanted} accepts; returns that version. */
    long awaitServed(LongPredicate wanted, String what, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            long served = servedVersion();
            if (served > 0 && wanted.test(served)) {
                return served;
            }
            if (Instant.now().isAfter(deadline)) {
                fail("replica " + name + " serves no " + what + " within " + timeout + " (last: " + served + ")"
                        + loopback.log("service-" + name));
            }
            TimeUnit.MILLISECONDS.sleep(20); // paces the poll; the loop ends on the condition or the deadline
        }
    }
}
