package dev.ganforge.service.inference;

/** More sample requests are in flight than configured; the client should retry shortly. */
public class TooManyRequestsException extends RuntimeException {

    public TooManyRequestsException(String message) {
        super(message);
    }
}
