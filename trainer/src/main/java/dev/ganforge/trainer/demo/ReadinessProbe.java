package dev.ganforge.trainer.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** Polls an HTTP health URL until it answers 200 (UP), the child serving it dies, or a deadline passes. */
public final class ReadinessProbe {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI uri;

    public ReadinessProbe(String url) {
        this.uri = URI.create(url);
    }

    /** True once {@code uri} answered 200; false when {@code server} died or {@code timeout} passed first. */
    public boolean await(ChildProcess server, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline) && server.isAlive()) {
            if (ready()) {
                return true;
            }
            // A poll interval, not synchronisation: the service's state is re-read on every pass.
            Thread.sleep(500);
        }
        return false;
    }

    private boolean ready() throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }
}
