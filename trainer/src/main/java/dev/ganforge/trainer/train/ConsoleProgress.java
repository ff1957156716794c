package dev.ganforge.trainer.train;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Progress in the pytorch-examples format ({@code [epoch][step/total] Loss_D Loss_G D(x) D(G(z))}): on a terminal
 * one line rewritten in place with a bar; otherwise (logs, CI) a plain line every {@code logEvery} iterations.
 */
public final class ConsoleProgress implements TrainingListener {

    private static final int BAR = 24;

    private final PrintWriter out;
    private final boolean terminal;
    private final int logEvery;
    private long totalSteps;
    private volatile boolean stop;

    public ConsoleProgress(PrintWriter out, boolean terminal, int logEvery) {
        this.out = out;
        this.terminal = terminal;
        this.logEvery = Math.max(1, logEvery);
    }

    /** Asks the trainer to checkpoint and stop at the next iteration boundary (Ctrl-C). */
    public void requestStop() {
        stop = true;
    }

    @Override
    public boolean stopRequested() {
        return stop;
    }

    @Override
    public void onStart(String runId, String device, long firstStep, long totalSteps) {
        this.totalSteps = totalSteps;
        out.printf("run %s on device %s: iterations %d..%d%n", runId, device, firstStep + 1, totalSteps);
        out.flush();
    }

    @Override
    public void onProgress(int epoch, long step, float lossD, float lossG, float dx, float dgz,
                           double imagesPerSec) {
        String line = String.format(Locale.ROOT,
                "[%d][%d/%d] Loss_D: %.4f Loss_G: %.4f D(x): %.4f D(G(z)): %.4f  %.0f img/s",
                epoch, step, totalSteps, lossD, lossG, dx, dgz, imagesPerSec);
        if (terminal) {
            int filled = (int) (BAR * step / Math.max(1, totalSteps));
            out.print("\r" + "#".repeat(filled) + ".".repeat(BAR - filled) + " " + line + "\u001b[K");
            out.flush();
        } else if (step % logEvery == 0 || step == totalSteps) {
            out.println(line);
            out.flush();
        }
    }

    @Override
    public void onEpoch(int epoch, Path samples) {
        if (terminal) {
            out.println();
        }
        out.println("epoch " + epoch + " samples: " + samples);
        out.flush();
    }

    @Override
    public void onRealImageCategories(RealImageCategories.Row row) {
        out.printf(Locale.ROOT, "epoch %d: Q on real images: I(x; c) %.3f of %.3f nats, categories %.1f–%.1f %% "
                + "each (%s)%n", row.epoch(), row.information(), Math.log(row.shares().length), 100 * row.least(),
                100 * row.most(), RealImageCategories.FILE);
        out.flush();
    }
}
