package dev.ganforge.trainer.engine;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Runs {@link ConvolutionCheck} before the first test, as the trainer's commands do before they touch the
 * engine: tests that build networks directly would otherwise load libtorch first, too late for
 * {@link OneDnnProbe} to pick oneDNN's kernels, and every later test would run on the slower fallback.
 */
public final class TrainerTestSession implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        ConvolutionCheck.ensureCorrect();
    }
}
