package dev.ganforge.service.model;

/** The model cannot serve right now (nothing loaded yet, or every version rejected); worth retrying later. */
public class ModelUnavailableException extends RuntimeException {

    public ModelUnavailableException(String message) {
        super(message);
    }
}
