package dev.ganforge.trainer.pipeline;

import java.util.Map;

/** Receives training progress; called from the training thread, possibly every step. */
@FunctionalInterface
public interface ProgressSink {

    void report(int epoch, long step, long totalSteps, Map<String, Double> losses, double imagesPerSecond);
}
