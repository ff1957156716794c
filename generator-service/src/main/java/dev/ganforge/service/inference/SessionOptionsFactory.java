package dev.ganforge.service.inference;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Locale;

/** Builds ORT session options from configuration; a fresh set per session because ORT copies them on creation. */
public final class SessionOptionsFactory {

    private final int intraOpThreads;
    private final int interOpThreads;
    private final OrtSession.SessionOptions.OptLevel optimizationLevel;

    public SessionOptionsFactory(int intraOpThreads, int interOpThreads, String optimizationLevel) {
        this.intraOpThreads = intraOpThreads;
        this.interOpThreads = interOpThreads;
        try {
            this.optimizationLevel = OrtSession.SessionOptions.OptLevel.valueOf(
                    optimizationLevel.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ganforge.onnx.optimization-level must be one of NO_OPT, BASIC_OPT, "
                    + "EXTENDED_OPT, ALL_OPT; is " + optimizationLevel, e);
        }
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
        return options;
    }
}
