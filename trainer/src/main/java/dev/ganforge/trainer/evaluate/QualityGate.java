package dev.ganforge.trainer.evaluate;

import java.util.List;
import java.util.Map;

/**
 * Refuses a model whose quality is worse than the current newest version of the same model by more than a
 * relative tolerance. Compares the chosen {@link GateMetric} when both versions have it (FID by default), else FID
 * (lower is better) for image models and the curve fit fraction (higher is better) for curve models. The first version of a model, or a previous version without figures, lets the
 * candidate through; a candidate without the figure its predecessor has is refused, since it cannot show it
 * is no worse.
 */
public final class QualityGate {

    public static final double DEFAULT_TOLERANCE = 0.10;

    public static final String FID = GateMetric.FID.key();
    public static final String CURVE_FIT_FRACTION = GateMetric.CURVE_FIT_FRACTION.key();

    private record Criterion(String metric, String label, boolean lowerIsBetter) {
        static Criterion of(GateMetric metric) {
            return new Criterion(metric.key(), metric.label(), metric.lowerIsBetter());
        }
    }

    private final List<Criterion> criteria;

    /** Compares by FID (curve fit fraction for curve models). */
    public QualityGate() {
        this(GateMetric.FID);
    }

    /**
     * Compares by {@code preferred} where the newest version has that figure, and falls back to FID / curve fit
     * fraction (a curve model has no FID, an older version may lack a newer figure).
     */
    public QualityGate(GateMetric preferred) {
        List<Criterion> list = new java.util.ArrayList<>();
        list.add(Criterion.of(preferred));
        for (GateMetric fallback : List.of(GateMetric.FID, GateMetric.CURVE_FIT_FRACTION)) {
            if (fallback != preferred) {
                list.add(Criterion.of(fallback));
            }
        }
        this.criteria = List.copyOf(list);
    }

    /**
     * @param newMetrics      metrics of the candidate (e.g. {@code ModelMetadata.metrics()}); may be null
     * @param previousMetrics metrics of the current newest version; null when there is none
     * @param tolerance       allowed relative worsening, ≥ 0 (0.1 = 10%)
     */
    public GateDecision decide(Map<String, Double> newMetrics, Map<String, Double> previousMetrics,
            double tolerance) {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be a finite number ≥ 0, got " + tolerance);
        }
        if (previousMetrics == null) {
            return new GateDecision(true, null, null, null, tolerance, null, "no previous version to compare with");
        }
        Map<String, Double> candidate = newMetrics == null ? Map.of() : newMetrics;
        for (Criterion criterion : criteria) {
            Double before = finiteOrNull(previousMetrics.get(criterion.metric()));
            if (before == null) {
                continue;
            }
            Double now = finiteOrNull(candidate.get(criterion.metric()));
            if (now == null) {
                return new GateDecision(false, criterion.metric(), null, before, tolerance, null, String.format(
                        "the new model has no %s but the previous version has %.4f", criterion.label(), before));
            }
            return compare(criterion, now, before, tolerance);
        }
        return new GateDecision(true, null, null, null, tolerance, null,
                "the previous version has no quality figures to compare with");
    }

    private static GateDecision compare(Criterion criterion, double now, double before, double tolerance) {
        double limit = criterion.lowerIsBetter() ? before * (1 + tolerance) : before * (1 - tolerance);
        boolean ok = criterion.lowerIsBetter() ? now <= limit : now >= limit;
        String verdict = ok ? "is within" : "is worse than";
        return new GateDecision(ok, criterion.metric(), now, before, tolerance, limit, String.format(
                "%s %.4f %s the previous version's %.4f with %.0f%% tolerance (limit %.4f)",
                criterion.label(), now, verdict, before, tolerance * 100, limit));
    }

    private static Double finiteOrNull(Double value) {
        return value != null && Double.isFinite(value) ? value : null;
    }
}
