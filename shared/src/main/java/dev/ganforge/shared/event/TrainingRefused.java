package dev.ganforge.shared.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Data of {@link EventTypes#PUBLISH_REFUSED}: the request was trained, but the quality gate kept the model off
 * the models topic because it is clearly worse than the newest version. Carries the figures so a reader of the
 * event sees by how much without fetching either model.
 *
 * @param previousVersion the newest version the candidate was compared with
 * @param metric          {@code fid} (lower is better) or {@code curveFitFraction} (higher is better)
 * @param newValue        the candidate's value; null when it had none
 * @param previousValue   the newest version's value
 * @param tolerance       allowed relative worsening, e.g. 0.1 for 10%
 * @param limit           the worst value that would still have been published; null when {@code newValue} is
 * @param reason          one readable line
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingRefused(String requestId, String model, long previousVersion, String metric, Double newValue,
                              Double previousValue, double tolerance, Double limit, String reason) {
}
