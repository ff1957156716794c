package dev.ganforge.trainer.evaluate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Short renderings of an {@link EvaluationReport}: one human line, one JSON history line. */
public final class EvaluationSummary {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EvaluationSummary() {
    }

    /** e.g. {@code FID 23.41 (floor 1.34), label fidelity 91.2%, 10/10 classes (TV 0.041)}. */
    public static String oneLine(EvaluationReport r) {
        StringBuilder s = new StringBuilder();
        if (r.fid() != null) {
            s.append(String.format(Locale.ROOT, "FID %.2f (floor %.2f)", r.fid(), r.fidFloor()));
        }
        if (r.labelFidelity() != null) {
            s.append(String.format(Locale.ROOT, ", label fidelity %.1f%%", r.labelFidelity() * 100));
        }
        if (r.precision() != null) {
            s.append(String.format(Locale.ROOT, ", precision %.2f recall %.2f", r.precision(), r.recall()));
        }
        if (r.intraClassFid() != null) {
            s.append(String.format(Locale.ROOT, ", intra-class FID %.2f", r.intraClassFid()));
        }
        if (r.codeAccuracy() != null) {
            s.append(String.format(Locale.ROOT, ", categorical code %.1f%% of digits", r.codeAccuracy() * 100));
        }
        if (r.recognisable() != null) {
            s.append(String.format(Locale.ROOT, ", %.1f%% recognisable", r.recognisable() * 100));
        }
        if (r.coverage() != null) {
            s.append(String.format(Locale.ROOT, ", %d/%d classes (TV %.3f)", r.coverage().classesSeen(),
                    r.coverage().counts().length, r.coverage().totalVariation()));
        }
        if (r.curves() != null) {
            s.append(String.format(Locale.ROOT, "curve fit %.1f%%, a %.3f ± %.3f (real 1.5 ± %.3f)",
                    r.curves().fitFraction() * 100, r.curves().aMean(), r.curves().aStd(), CurveStats.UNIFORM_STD));
        }
        return s.toString();
    }

    /** {@code {"step":…,"fid":…,…}}: the step and the headline metrics. */
    static String historyLine(EvaluationReport r) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("step", r.subject().step());
        line.putAll(r.headline());
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
