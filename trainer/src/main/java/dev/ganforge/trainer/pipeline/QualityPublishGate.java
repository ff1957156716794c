package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.trainer.evaluate.GateDecision;
import dev.ganforge.trainer.evaluate.QualityGate;
import java.util.Optional;

/** {@link QualityGate} as a {@link PublishGate}: no version may be clearly worse than the one it replaces. */
public final class QualityPublishGate implements PublishGate {

    private final QualityGate gate = new QualityGate();
    private final double tolerance;

    public QualityPublishGate(double tolerance) {
        this.tolerance = tolerance;
    }

    @Override
    public Optional<String> refusal(ModelMetadata candidate, PublishedModel newest) {
        GateDecision decision = gate.decide(candidate.metrics(),
                newest == null || newest.metadata() == null ? null : newest.metadata().metrics(), tolerance);
        return decision.accepted() ? Optional.empty()
                : Optional.of("quality gate: " + decision.reason() + " (version " + newest.version() + ")");
    }
}
