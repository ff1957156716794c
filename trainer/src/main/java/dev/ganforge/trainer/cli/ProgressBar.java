package dev.ganforge.trainer.cli;

import dev.ganforge.shared.event.TrainingProgress;
import java.util.Locale;
import java.util.TreeMap;

/**
 * A request's training progress as one line: a bar when the worker says where the run ends, then the step, the
 * losses and the throughput, e.g. {@code [############..................]  40%  step 80/200  epoch 1  d 0.6100  g
 * 0.9300  340 img/s}.
 */
final class ProgressBar {

    static final int WIDTH = 30;

    private ProgressBar() {
    }

    static String line(TrainingProgress p) {
        StringBuilder line = new StringBuilder();
        if (p.totalSteps() != null && p.totalSteps() > 0) {
            long total = p.totalSteps();
            long step = Math.min(p.step(), total);
            int filled = (int) (step * WIDTH / total);
            line.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append(']')
                    .append(String.format(Locale.ROOT, " %3d%%  step %d/%d", step * 100 / total, p.step(), total));
        } else {
            line.append("step ").append(p.step());
        }
        line.append("  epoch ").append(p.epoch());
        // Sorted: the event's map has no order, and a bar that swaps its columns is hard to read.
        new TreeMap<>(p.losses()).forEach((k, v) -> line.append(String.format(Locale.ROOT, "  %s %.4f", k, v)));
        return line.append(String.format(Locale.ROOT, "  %.0f img/s", p.imagesPerSecond())).toString();
    }
}
