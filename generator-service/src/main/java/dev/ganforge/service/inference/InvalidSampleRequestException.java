package dev.ganforge.service.inference;

/** The client asked for something the model cannot give (bad count, label, latent size…). */
public class InvalidSampleRequestException extends RuntimeException {

    public InvalidSampleRequestException(String message) {
        super(message);
    }
}
