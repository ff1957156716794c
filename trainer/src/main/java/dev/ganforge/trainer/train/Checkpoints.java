package dev.ganforge.trainer.train;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Saves and restores everything a run needs to continue exactly: the networks, the optimisers' moments and the
 * {@link CheckpointState} (the position of every random stream), atomically through {@link RunDirectory}.
 */
final class Checkpoints {

    private final RunDirectory dir;

    Checkpoints(Path runDir) {
        this.dir = new RunDirectory(runDir);
    }

    void save(Networks nets, CheckpointState state) throws IOException {
        dir.writeCheckpoint(state, nets::save);
    }

    /** Loads the latest checkpoint into {@code nets}; returns where the run stood. */
    CheckpointState restore(Networks nets) throws IOException {
        Path checkpoint = dir.latestCheckpoint().orElseThrow(() ->
                new IllegalArgumentException(dir.root() + " has no checkpoint to resume from"));
        nets.load(checkpoint, nets.manager);
        return dir.readState(checkpoint);
    }
}
