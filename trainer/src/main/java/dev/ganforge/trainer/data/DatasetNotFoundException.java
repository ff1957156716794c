package dev.ganforge.trainer.data;

/**
 * Data that is not on this machine. The message is one line that says what is missing and the exact command
 * that gets it; the CLI prints it as is.
 */
public class DatasetNotFoundException extends RuntimeException {

    public DatasetNotFoundException(String message) {
        super(message);
    }
}
