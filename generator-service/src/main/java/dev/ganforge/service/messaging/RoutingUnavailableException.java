package dev.ganforge.service.messaging;

/** A routing change could not be written to, or applied from, the control topic; the HTTP layer answers 503. */
public class RoutingUnavailableException extends RuntimeException {

    public RoutingUnavailableException(String message) {
        super(message);
    }
}
