package dev.ganforge.trainer.pipeline;

/**
 * The broker could not be reached or did not answer in time. Transient by nature: the worker retries on it,
 * the CLI reports it in one line.
 */
public class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
