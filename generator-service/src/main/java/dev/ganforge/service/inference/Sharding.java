package dev.ganforge.service.inference;

/**
 * How a batch is split across shard sessions: {@code shards} ORT sessions of the same graph with
 * {@code threadsPerShard} intra-op threads each, each running a slice of the batch at the same time. Batches of
 * fewer than {@code minBatch} samples run whole on the one multi-threaded session instead.
 *
 * <p>Why: ORT's intra-op parallelism leaves cores idle in every operator too small to split, while slices of one
 * batch run side by side keep every core busy from the first operator to the last. On the 2-core development
 * machine two one-thread shards ran batches of 8 and 64 1.15–1.45× faster than one two-thread session; a lone
 * sample cannot be split and is faster on the two-thread session (docs/benchmarks.md, "Sharded runs").
 */
public record Sharding(int shards, int threadsPerShard, int minBatch) {

    /** Automatic sharding stops here: every shard is one more session (weights and arena) per loaded version. */
    static final int MAX_AUTOMATIC_SHARDS = 4;

    public Sharding {
        if (shards < 1 || threadsPerShard < 1 || minBatch < 2) {
            throw new IllegalArgumentException("sharding needs shards ≥ 1, threads per shard ≥ 1 and a minimum batch "
                    + "≥ 2; got " + shards + ", " + threadsPerShard + ", " + minBatch);
        }
    }

    /** One session, no shards. */
    public static Sharding none() {
        return new Sharding(1, 1, 2);
    }

    /**
     * @param configured {@code ganforge.onnx.shards}: 0 picks one shard per core (at most {@value MAX_AUTOMATIC_SHARDS}),
     *                   1 turns sharding off
     * @param cores      the processors this JVM may use
     */
    public static Sharding of(int configured, int minBatch, int cores) {
        if (configured < 0) {
            throw new IllegalArgumentException("ganforge.onnx.shards must be 0 (one per core) or positive; is "
                    + configured);
        }
        if (minBatch < 2) {
            throw new IllegalArgumentException("ganforge.onnx.min-sharded-batch must be at least 2; is " + minBatch);
        }
        int shards = configured > 0 ? configured : Math.max(1, Math.min(cores, MAX_AUTOMATIC_SHARDS));
        return new Sharding(shards, Math.max(1, cores / shards), minBatch);
    }

    public boolean enabled() {
        return shards > 1;
    }

    /** Whether a batch of {@code count} samples is split rather than run whole. */
    boolean splits(int count) {
        return enabled() && count >= minBatch;
    }

    /** Samples in slice {@code index} of a batch of {@code count}: as even as possible, the larger slices first. */
    int sliceSize(int count, int index) {
        return count / shards + (index < count % shards ? 1 : 0);
    }
}
