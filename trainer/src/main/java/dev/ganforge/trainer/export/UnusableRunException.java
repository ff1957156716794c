package dev.ganforge.trainer.export;

/** A path that is not a complete training run: missing, no checkpoint, unknown architecture, no EMA weights… */
public final class UnusableRunException extends IllegalArgumentException {

    public UnusableRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
