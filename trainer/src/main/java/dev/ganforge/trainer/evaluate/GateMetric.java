package dev.ganforge.trainer.evaluate;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The figures the quality gate can compare a new model by (the worker's {@code --quality-metric}): each a headline
 * field of {@link EvaluationReport}, copied into the model metadata at export, with the direction that is better.
 */
public enum GateMetric {

    FID("fid", "FID", true),
    PRECISION("precision", "precision", false),
    RECALL("recall", "recall", false),
    RECOGNISABLE("recognisable", "recognisable fraction", false),
    LABEL_FIDELITY("labelFidelity", "label fidelity", false),
    INTRA_CLASS_FID("intraClassFid", "intra-class FID", true),
    CODE_ACCURACY("codeAccuracy", "categorical code accuracy", false),
    CURVE_FIT_FRACTION("curveFitFraction", "curve fit fraction", false);

    private final String key;
    private final String label;
    private final boolean lowerIsBetter;

    GateMetric(String key, String label, boolean lowerIsBetter) {
        this.key = key;
        this.label = label;
        this.lowerIsBetter = lowerIsBetter;
    }

    /** The metadata key, as in {@code metrics.json}. */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public boolean lowerIsBetter() {
        return lowerIsBetter;
    }

    /** The option value, e.g. {@code label-fidelity}. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException naming the known values */
    public static GateMetric byOptionName(String name) {
        for (GateMetric metric : values()) {
            if (metric.optionName().equals(name)) {
                return metric;
            }
        }
        throw new IllegalArgumentException("unknown quality metric '" + name + "' (known: "
                + Arrays.stream(values()).map(GateMetric::optionName).collect(Collectors.joining(", ")) + ")");
    }
}
