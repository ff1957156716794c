package dev.ganforge.trainer.evaluate;

/**
 * A publish refused by {@link QualityGate}: thrown where the gate guards publishing, caught where the refusal is
 * reported (one CLI line, or a training event carrying {@link #decision()} as data).
 */
public final class QualityGateRefusal extends RuntimeException {

    private final String model;
    private final long previousVersion;
    private final GateDecision decision;

    public QualityGateRefusal(String model, long previousVersion, GateDecision decision) {
        super("not publishing " + model + ": " + decision.reason() + " of version " + previousVersion
                + " (use --force to publish anyway)");
        this.model = model;
        this.previousVersion = previousVersion;
        this.decision = decision;
    }

    public String model() {
        return model;
    }

    public long previousVersion() {
        return previousVersion;
    }

    public GateDecision decision() {
        return decision;
    }
}
