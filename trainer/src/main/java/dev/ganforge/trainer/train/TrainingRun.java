package dev.ganforge.trainer.train;

import java.nio.file.Path;

/**
 * The outcome of {@link GanTrainer#train}.
 *
 * @param runDir      where everything was written
 * @param runId       the run's id (its directory name)
 * @param step        iterations completed (the latest checkpoint's step)
 * @param epoch       epochs completed
 * @param interrupted whether the run stopped early on request
 * @param lossD       last discriminator loss
 * @param lossG       last generator loss
 */
public record TrainingRun(Path runDir, String runId, long step, int epoch, boolean interrupted, float lossD,
                          float lossG) {
}
