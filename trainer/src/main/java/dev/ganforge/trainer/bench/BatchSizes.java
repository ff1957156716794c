package dev.ganforge.trainer.bench;

/**
 * The service's record of the ONNX Runtime runs it executed, from its {@code ganforge_batch_samples} and
 * {@code ganforge_batch_requests} summaries: how many runs, how many samples and requests they carried.
 * Cumulative since the service started; {@link #since} gives the runs of one benchmark window.
 */
public record BatchSizes(long runs, double samples, double requests) {

    public static final BatchSizes NONE = new BatchSizes(0, 0, 0);

    public BatchSizes since(BatchSizes earlier) {
        return new BatchSizes(runs - earlier.runs, samples - earlier.samples, requests - earlier.requests);
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
