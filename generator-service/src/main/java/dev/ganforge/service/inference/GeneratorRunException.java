package dev.ganforge.service.inference;

/**
 * A generator run that failed or did not finish: a fault of the serving version (a 500), not of the request. Names
 * the version that drew the request, so its errors are counted under it (under a canary split, one of two).
 */
public class GeneratorRunException extends IllegalStateException {

    private final String model;
    private final long version;

    public GeneratorRunException(String model, long version, String message, Throwable cause) {
        super(message, cause);
        this.model = model;
        this.version = version;
    }

    public String model() {
        return model;
    }

    public long version() {
        return version;
    }
}
