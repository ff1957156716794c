package dev.ganforge.shared.contract;

/**
 * The generator service's own meters that tools outside it read from its Prometheus endpoint
 * ({@link ServicePaths#METRICS}): the service registers them under {@link #meterName()}, the benchmarks scrape
 * {@link #prometheusName()}. One list, so a renamed meter cannot leave a benchmark reading nothing.
 */
public enum ServiceMetric {

    /** Samples per ONNX Runtime run (a distribution summary). */
    BATCH_SAMPLES("ganforge.batch.samples", Kind.SUMMARY),
    /** Requests combined into one ONNX Runtime run. */
    BATCH_REQUESTS("ganforge.batch.requests", Kind.SUMMARY),
    /** Wall time of one ONNX Runtime run of a batch. */
    BATCH_RUN("ganforge.batch.run", Kind.TIMER),
    /** From a sample request's arrival at the batcher to the start of its batch's run. */
    BATCH_WAIT("ganforge.batch.wait", Kind.TIMER),
    /** Sample requests holding a concurrency slot until their run is done, whether or not their client waits. */
    SAMPLES_IN_FLIGHT("ganforge.samples.in.flight", Kind.GAUGE),
    /** Slices a large batch runs in at the same time (1: every batch whole). */
    ONNX_SLICES("ganforge.onnx.slices", Kind.GAUGE),
    /** Smallest batch that is sliced. */
    ONNX_MIN_SLICED_BATCH("ganforge.onnx.min.sliced.batch", Kind.GAUGE);

    /** What kind of meter, which decides the unit suffix of its Prometheus name. */
    public enum Kind { TIMER, SUMMARY, GAUGE }

    private final String meterName;
    private final Kind kind;

    ServiceMetric(String meterName, Kind kind) {
        this.meterName = meterName;
        this.kind = kind;
    }

    /** The Micrometer name the service registers. */
    public String meterName() {
        return meterName;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The name in the Prometheus text format, as Micrometer's Prometheus naming writes it: dots become underscores,
     * timers are in seconds. Histograms add {@code _count}, {@code _sum} and {@code _bucket} to it.
     */
    public String prometheusName() {
        String base = meterName.replace('.', '_');
        return kind == Kind.TIMER ? base + "_seconds" : base;
    }
}
