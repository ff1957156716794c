package dev.ganforge.bench;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Locale;

/**
 * Which ORT session options a benchmark opens its session with.
 *
 * <p>{@code service} mirrors generator-service's {@code SessionOptionsFactory} with the defaults of its
 * {@code ganforge.onnx.*} settings (optimisation level ALL_OPT, intra-/inter-op threads 0 = ORT decides,
 * {@code allow-spinning=false}: intra- and inter-op spinning off). It is replicated here rather than depended on:
 * the service module is a Quarkus application, and pulling it in would put the whole Quarkus runtime on the
 * benchmark classpath for a few setter calls. Keep the two in step.
 */
enum SessionOptionsChoice {
    /** {@code new SessionOptions()}, nothing set. */
    ORT_DEFAULT,
    /** What the service sets, with the given thread counts (0 = ORT decides, the service's default). */
    SERVICE;

    static final String SERVICE_OPTIMIZATION_LEVEL = "ALL_OPT";
    /** {@code ganforge.onnx.allow-spinning=false}, the service's default, as ORT's config value. */
    static final String SERVICE_SPINNING = "0";

    static SessionOptionsChoice parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sessionOptions must be ort-default or service, is '" + text + "'");
        }
    }

    /** The service's options with its default spinning (off). */
    OrtSession.SessionOptions create(int intraOpThreads, int interOpThreads) throws OrtException {
        return create(intraOpThreads, interOpThreads, SERVICE_SPINNING);
    }

    /**
     * @param spinning for SERVICE, {@code session.intra_op.allow_spinning} and {@code session.inter_op.allow_spinning}
     *                 as the service's {@code ganforge.onnx.allow-spinning} sets them: "0" (its default) or "1"
     *                 (ORT's default)
     */
    OrtSession.SessionOptions create(int intraOpThreads, int interOpThreads, String spinning) throws OrtException {
        if (!"0".equals(spinning) && !"1".equals(spinning)) {
            throw new IllegalArgumentException("intraOpSpinning must be 0 or 1, is '" + spinning + "'");
        }
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        if (this == SERVICE) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.valueOf(SERVICE_OPTIMIZATION_LEVEL));
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            if (interOpThreads > 0) {
                options.setInterOpNumThreads(interOpThreads);
            }
            options.addConfigEntry("session.intra_op.allow_spinning", spinning);
            options.addConfigEntry("session.inter_op.allow_spinning", spinning);
        }
        return options;
    }
}
