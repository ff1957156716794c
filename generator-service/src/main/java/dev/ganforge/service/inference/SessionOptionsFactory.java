package dev.ganforge.service.inference;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Locale;

/** Builds ORT session options from configuration; a fresh set per session because ORT copies them on creation. */
public final class SessionOptionsFactory {

    private final int intraOpThreads;
    private final int interOpThreads;
    private final OrtSession.SessionOptions.OptLevel optimizationLevel;
    private final boolean allowSpinning;

    public SessionOptionsFactory(int intraOpThreads, int interOpThreads, String optimizationLevel) {
        this(intraOpThreads, interOpThreads, optimizationLevel, false);
    }

    public SessionOptionsFactory(int intraOpThreads, int interOpThreads, String optimizationLevel,
                                 boolean allowSpinning) {
        this.intraOpThreads = intraOpThreads;
        this.interOpThreads = interOpThreads;
        this.allowSpinning = allowSpinning;
        try {
            this.optimizationLevel = OrtSession.SessionOptions.OptLevel.valueOf(
                    optimizationLevel.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ganforge.onnx.optimization-level must be one of NO_OPT, BASIC_OPT, "
                    + "EXTENDED_OPT, ALL_OPT; is " + optimizationLevel, e);
        }
    }

    private SessionOptionsFactory(SessionOptionsFactory base, int intraOpThreads) {
        this.intraOpThreads = intraOpThreads;
        this.interOpThreads = base.interOpThreads;
        this.optimizationLevel = base.optimizationLevel;
        this.allowSpinning = base.allowSpinning;
    }

    /** The same options with another intra-op thread count (a slice's). */
    public SessionOptionsFactory withIntraOpThreads(int threads) {
        return new SessionOptionsFactory(this, threads);
    }

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
        // in a service the spinning threads take the cores the HTTP threads need (docs/benchmarks.md, section b).
        String spinning = allowSpinning ? "1" : "0";
        options.addConfigEntry("session.intra_op.allow_spinning", spinning);
        options.addConfigEntry("session.inter_op.allow_spinning", spinning);
        return options;
    }
}
