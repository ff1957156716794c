package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.trainer.evaluate.GateDecision;
import dev.ganforge.trainer.evaluate.GateMetric;
import dev.ganforge.trainer.evaluate.QualityGate;
import java.util.Optional;

/** {@link QualityGate} as a {@link PublishGate}: no version may be clearly worse than the one it replaces. */
public final class QualityPublishGate implements PublishGate {

    private final QualityGate gate;
    private final double tolerance;

    /** @throws IllegalArgumentException for a tolerance that is negative, infinite or NaN */
    public QualityPublishGate(double tolerance) {
        this(tolerance, GateMetric.FID);
    }

    /** Compares by {@code metric} (falling back to FID, or curve fit for curve models, where a version lacks it). */
    public QualityPublishGate(double tolerance, GateMetric metric) {
        this.gate = new QualityGate(metric);
        gate.decide(null, null, tolerance); // validates now, not at the first publish
        this.tolerance = tolerance;
    }

    @Override
    public Optional<GateDecision> refusal(ModelMetadata candidate, PublishedModel newest) {
        GateDecision decision = gate.decide(candidate == null ? null : candidate.metrics(),
                newest.metadata() == null ? null : newest.metadata().metrics(), tolerance);
        return decision.accepted() ? Optional.empty() : Optional.of(decision);
    }
}
