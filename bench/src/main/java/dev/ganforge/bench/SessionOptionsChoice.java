package dev.ganforge.bench;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Locale;

/**
 * Which ORT session options a benchmark opens its session with.
 *
 * <p>{@code service} mirrors generator-service's {@code SessionOptionsFactory} with the defaults of its
 * {@code ganforge.onnx.*} settings (optimisation level ALL_OPT, intra-/inter-op threads 0 = ORT decides).
 * It is replicated here rather than depended on: the service module is a Quarkus application, and pulling it in
 * would put the whole Quarkus runtime on the benchmark classpath for three setter calls. Keep the two in step.
 */
enum SessionOptionsChoice {
    /** {@code new SessionOptions()}, nothing set. */
    ORT_DEFAULT,
    /** What the service sets, with the given thread counts (0 = ORT decides, the service's default). */
    SERVICE;

    static final String SERVICE_OPTIMIZATION_LEVEL = "ALL_OPT";

    static SessionOptionsChoice parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sessionOptions must be ort-default or service, is '" + text + "'");
        }
    }

    /** @param intraOpSpinning {@code session.intra_op.allow_spinning} for SERVICE: "1" (ORT's default) or "0" */
    OrtSession.SessionOptions create(int intraOpThreads, int interOpThreads, String intraOpSpinning)
            throws OrtException {
        if (!"0".equals(intraOpSpinning) && !"1".equals(intraOpSpinning)) {
            throw new IllegalArgumentException("intraOpSpinning must be 0 or 1, is '" + intraOpSpinning + "'");
        }
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        if (this == SERVICE) {
            if ("0".equals(intraOpSpinning)) {
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
            }
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.valueOf(SERVICE_OPTIMIZATION_LEVEL));
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            if (interOpThreads > 0) {
                options.setInterOpNumThreads(interOpThreads);
            }
        }
        return options;
    }
}
