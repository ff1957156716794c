package dev.ganforge.service.inference;

/**
 * How a large batch is split: into {@code slices} slices run at the same time on one extra ORT session of
 * {@code threadsPerSlice} intra-op threads (ORT sessions take concurrent runs). Batches of fewer than
 * {@code minBatch} samples run whole on the ordinary, multi-threaded session instead.
 *
 * <p>Why: ORT's intra-op parallelism leaves cores idle in every operator too small to split between threads, while
 * slices of one batch, each on its own thread, keep every core busy from the first operator to the last. The
 * slices share one session, so the weights are read from one copy: two separate one-thread sessions were no faster
 * than one two-thread session on the 2-core development machine, one shared by two threads was
 * (docs/benchmarks.md, "Raw ONNX Runtime"). A lone sample cannot be split and is faster on the two-thread session.
 */
public record BatchSlicing(int slices, int threadsPerSlice, int minBatch) {

    /** Automatic slicing stops here: past a few slices each is too small to keep a core busy by itself. */
    static final int MAX_AUTOMATIC_SLICES = 4;

    public BatchSlicing {
        if (slices < 1 || threadsPerSlice < 1 || minBatch < 2) {
            throw new IllegalArgumentException("slicing needs slices ≥ 1, threads per slice ≥ 1 and a minimum batch "
                    + "≥ 2; got " + slices + ", " + threadsPerSlice + ", " + minBatch);
        }
    }

    /** Every batch whole, on the one session. */
    public static BatchSlicing none() {
        return new BatchSlicing(1, 1, 2);
    }

    /**
     * @param configured {@code ganforge.onnx.slices}: 0 picks one slice per core (at most
     *                   {@value #MAX_AUTOMATIC_SLICES}), 1 turns slicing off
     * @param cores      the processors this JVM may use
     */
    public static BatchSlicing of(int configured, int minBatch, int cores) {
        if (configured < 0) {
            throw new IllegalArgumentException("ganforge.onnx.slices must be 0 (one per core) or positive; is "
                    + configured);
        }
        if (minBatch < 2) {
            throw new IllegalArgumentException("ganforge.onnx.min-sliced-batch must be at least 2; is " + minBatch);
        }
        int slices = configured > 0 ? configured : Math.max(1, Math.min(cores, MAX_AUTOMATIC_SLICES));
        return new BatchSlicing(slices, Math.max(1, cores / slices), minBatch);
    }

    public boolean enabled() {
        return slices > 1;
    }

    /** Whether a batch of {@code count} samples is split rather than run whole. */
    boolean splits(int count) {
        return enabled() && count >= minBatch;
    }
}
