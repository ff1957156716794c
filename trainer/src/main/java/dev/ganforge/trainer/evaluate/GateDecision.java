package dev.ganforge.trainer.evaluate;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What {@link QualityGate} decided, with the figures behind it; this record is also the {@code data} of the
 * refusal event so whoever reads the event sees why.
 *
 * @param accepted      whether the new model may be published
 * @param metric        the metric compared ({@code fid} or {@code curveFitFraction}); null when none was
 * @param newValue      the new model's value of {@code metric}
 * @param previousValue the current newest version's value
 * @param tolerance     allowed relative worsening, e.g. 0.1 for 10%
 * @param limit         the worst value that would still have been accepted
 * @param reason        one readable line
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GateDecision(
        boolean accepted,
        String metric,
        Double newValue,
        Double previousValue,
        double tolerance,
        Double limit,
        String reason) {
}
