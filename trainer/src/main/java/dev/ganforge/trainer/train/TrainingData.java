package dev.ganforge.trainer.train;

import ai.djl.ndarray.NDManager;
import java.util.List;

/** Where real samples come from; batches are addressed by index so a resumed run sees the same ones. */
public interface TrainingData {

    /** Dataset id recorded with the model. */
    String id();

    /** SHA-256 over the data actually used. */
    String fingerprint();

    /** Number of samples (nominal for synthetic data). */
    int size();

    List<String> labelNames();

    default int batchesPerEpoch(int batchSize) {
        return Math.max(1, size() / batchSize);
    }

    /** Batch {@code index} counted from the start of training (so it determines the epoch). */
    TrainingBatch batch(long index, int batchSize, RandomStreams random, NDManager manager);
}
