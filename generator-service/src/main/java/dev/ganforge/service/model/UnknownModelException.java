package dev.ganforge.service.model;

/** No version of this model name, or no such version, was ever received. */
public class UnknownModelException extends RuntimeException {

    public UnknownModelException(String message) {
        super(message);
    }
}
