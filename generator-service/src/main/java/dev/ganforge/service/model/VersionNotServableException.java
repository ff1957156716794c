package dev.ganforge.service.model;

/** An operator asked to pin a version that was rejected or could not be loaded. */
public class VersionNotServableException extends RuntimeException {

    public VersionNotServableException(String message) {
        super(message);
    }
}
