package dev.ganforge.bench.service;

/**
 * One request of a closed-loop user, sent and answered in full before the call returns: an HTTP GET, an HTTP POST,
 * a gRPC call. Called from every user's thread at once, so it must be thread-safe.
 */
@FunctionalInterface
public interface Exchange {

    /** @return null when the answer was a success, else what went wrong ({@code "http 503"}, {@code "UNAVAILABLE"}, …) */
    String call() throws InterruptedException;
}
