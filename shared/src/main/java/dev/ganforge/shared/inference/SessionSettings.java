package dev.ganforge.shared.inference;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Locale;

/**
 * How a generator's ONNX Runtime session is opened: the service's {@code ganforge.onnx.*} settings, and what every
 * other runner (the trainer's {@code sample}, {@code evaluate} and parity check, the JMH benchmarks) opens with so
 * that they measure and check what the service serves.
 *
 * @param intraOpThreads    threads inside one operator; 0 lets ORT decide
 * @param interOpThreads    threads across operators; 0 lets ORT decide
 * @param optimizationLevel ORT's graph optimisation level
 * @param allowSpinning     let ORT's pool threads busy-wait between operators (ORT's own default)
 */
public record SessionSettings(int intraOpThreads, int interOpThreads,
                              OrtSession.SessionOptions.OptLevel optimizationLevel, boolean allowSpinning) {

    /** The service's defaults: ORT picks the thread counts, every optimisation, no spinning. */
    public static final SessionSettings DEFAULTS = new SessionSettings(0, 0,
            OrtSession.SessionOptions.OptLevel.ALL_OPT, false);

    public SessionSettings {
        if (intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("thread counts cannot be negative, got intra-op " + intraOpThreads
                    + ", inter-op " + interOpThreads);
        }
        if (optimizationLevel == null) {
            throw new IllegalArgumentException("an optimisation level is required");
        }
    }

    /**
     * @param optimizationLevel NO_OPT, BASIC_OPT, EXTENDED_OPT or ALL_OPT, in any case
     * @throws IllegalArgumentException naming the allowed levels
     */
    public static SessionSettings of(int intraOpThreads, int interOpThreads, String optimizationLevel,
                                     boolean allowSpinning) {
        OrtSession.SessionOptions.OptLevel level;
        try {
            level = OrtSession.SessionOptions.OptLevel.valueOf(optimizationLevel.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ganforge.onnx.optimization-level must be one of NO_OPT, BASIC_OPT, "
                    + "EXTENDED_OPT, ALL_OPT; is " + optimizationLevel, e);
        }
        return new SessionSettings(intraOpThreads, interOpThreads, level, allowSpinning);
    }

    /** The same settings with another intra-op thread count (a slice's session). */
    public SessionSettings withIntraOpThreads(int threads) {
        return new SessionSettings(threads, interOpThreads, optimizationLevel, allowSpinning);
    }

    /** Fresh options each time: ORT copies them into the session, and the caller closes them. */
    public OrtSession.SessionOptions create() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(optimizationLevel);
        if (intraOpThreads > 0) {
            options.setIntraOpNumThreads(intraOpThreads);
        }
        if (interOpThreads > 0) {
            options.setInterOpNumThreads(interOpThreads);
        }
        // ORT's pool threads busy-wait between operators by default. Alone on a machine that shaves microseconds;
        // in a service the spinning threads take the cores the HTTP threads need (docs/benchmarks.md).
        String spinning = allowSpinning ? "1" : "0";
        options.addConfigEntry("session.intra_op.allow_spinning", spinning);
        options.addConfigEntry("session.inter_op.allow_spinning", spinning);
        return options;
    }
}
