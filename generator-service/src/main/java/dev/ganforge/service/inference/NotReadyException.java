package dev.ganforge.service.inference;

/** This replica has not replayed the topics that decide what serves yet ({@link StartupGate}); retry shortly. */
public class NotReadyException extends RuntimeException {

    public NotReadyException(String message) {
        super(message);
    }
}
