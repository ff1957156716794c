package dev.ganforge.shared.contract;

/**
 * The generator service's HTTP paths and headers that other tools call (the load tools of {@code ganforge bench},
 * the end-to-end test): the service's resources are declared with these constants, so a moved endpoint moves for
 * its callers too. The full API is documented in the service's OpenAPI and docs/service.md.
 */
public final class ServicePaths {

    /** One model's endpoints; {@code {name}} is the model name. */
    public static final String MODEL = "/api/v1/models/{name}";
    /** Below {@link #MODEL}: draw samples. */
    public static final String SAMPLES = "samples";
    /** Response header naming the model version that produced the samples. */
    public static final String MODEL_VERSION_HEADER = "X-Model-Version";
    /** Quarkus' Prometheus endpoint, where {@link ServiceMetric}s are read. */
    public static final String METRICS = "/q/metrics";

    private ServicePaths() {
    }

    /** The samples path of {@code model}, without a query. */
    public static String samples(String model) {
        return MODEL.replace("{name}", model) + "/" + SAMPLES;
    }
}
