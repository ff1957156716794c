package dev.ganforge.trainer.train;

/**
 * A loss stopped being a number: every later step would train on NaN and every later checkpoint would hold it, so
 * the run stops at once and keeps the checkpoint written before (what a resume with gentler settings starts from).
 */
public final class TrainingDivergedException extends IllegalStateException {

    private final long step;
    private final long lastCheckpoint;

    TrainingDivergedException(long step, float lossD, float lossG, long lastCheckpoint) {
        super(String.format("training diverged at iteration %d (loss D %s, loss G %s); %s", step, lossD, lossG,
                lastCheckpoint > 0 ? "the run keeps its checkpoint of iteration " + lastCheckpoint
                        + ": resume from it with lower learning rates" : "no checkpoint was written before it: "
                        + "train again with lower learning rates"));
        this.step = step;
        this.lastCheckpoint = lastCheckpoint;
    }

    /** The iteration whose loss was not a number. */
    public long step() {
        return step;
    }

    /** The iteration of the checkpoint the run keeps, 0 when none was written. */
    public long lastCheckpoint() {
        return lastCheckpoint;
    }
}
