package dev.ganforge.trainer.export;

/** An export was refused: the run directory is unusable or the exported model failed its parity check. */
public final class ExportException extends RuntimeException {

    public ExportException(String message) {
        super(message);
    }

    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
