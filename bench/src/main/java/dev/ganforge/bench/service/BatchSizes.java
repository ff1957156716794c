package dev.ganforge.bench.service;

/**
 * The service's record of the ONNX Runtime runs it executed, from its {@code ganforge_batch_samples},
 * {@code ganforge_batch_requests} and {@code ganforge_batch_run_seconds} summaries: how many runs, how many samples
 * and requests they carried, and how long they ran. Cumulative since the service started; {@link #since} gives the
 * runs of one benchmark window.
 *
 * @param runSeconds total wall time of the runs; 0 from a service without {@code ganforge_batch_run_seconds}
 */
public record BatchSizes(long runs, double samples, double requests, double runSeconds) {

    public static final BatchSizes NONE = new BatchSizes(0, 0, 0, 0);

    public BatchSizes since(BatchSizes earlier) {
        return new BatchSizes(runs - earlier.runs, samples - earlier.samples, requests - earlier.requests,
                runSeconds - earlier.runSeconds);
    }

    /** Mean wall time of one ORT run in seconds; 0 when there was none or the service does not report it. */
    public double meanRunSeconds() {
        return runs == 0 ? 0 : runSeconds / runs;
    }

    /**
     * Share of {@code seconds} the service's ORT session was running: its throughput relative to the same session
     * running back to back at the same moment, so unlike a raw session timed afterwards it does not depend on how
     * fast the machine happens to be a minute later. 0 when the service does not report run times.
     */
    public double busyFraction(double seconds) {
        return seconds <= 0 ? 0 : runSeconds / seconds;
    }

    /** Mean samples per ORT run; 0 when there was none. */
    public double meanSamples() {
        return runs == 0 ? 0 : samples / runs;
    }

    /** Mean requests combined into one ORT run; 0 when there was none. */
    public double meanRequests() {
        return runs == 0 ? 0 : requests / runs;
    }
}
