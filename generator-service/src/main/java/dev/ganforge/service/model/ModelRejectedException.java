package dev.ganforge.service.model;

/** A model record failed a check; the message is the reason shown to operators. */
public class ModelRejectedException extends Exception {

    public ModelRejectedException(String reason) {
        super(reason);
    }

    public ModelRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
