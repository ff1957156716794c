package dev.ganforge.trainer.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Passes on at most one report per interval (the first always), so a fast loop does not flood the events
 * topic; training reports every step and does not need to know.
 */
final class ThrottledProgress implements ProgressSink {

    private final ProgressSink target;
    private final Duration interval;
    private final Clock clock;
    private Instant last;

    ThrottledProgress(ProgressSink target, Duration interval, Clock clock) {
        this.target = target;
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public synchronized void report(int epoch, long step, long totalSteps, Map<String, Double> losses,
                                    double imagesPerSecond) {
        Instant now = clock.instant();
        if (last != null && now.isBefore(last.plus(interval))) {
            return;
        }
        last = now;
        target.report(epoch, step, totalSteps, losses, imagesPerSecond);
    }
}
