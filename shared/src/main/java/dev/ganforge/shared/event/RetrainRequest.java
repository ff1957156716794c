package dev.ganforge.shared.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ganforge.shared.contract.ArchitectureNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Data of a {@link EventTypes#RETRAIN_REQUESTED} event: train {@code architecture} on {@code dataset} and
 * publish the result as a new version of {@code model}.
 *
 * @param model           model name to publish under
 * @param architecture    one of {@link #ARCHITECTURES}
 * @param dataset         {@code mnist}, {@code fashion-mnist}, {@code curves} or {@code idx:DIR}
 * @param epochs          training epochs (this or {@code steps})
 * @param steps           training steps of D (this or {@code epochs})
 * @param seed            random seed
 * @param hyperparameters optional; keys are {@code ganforge train} option names without dashes,
 *                        e.g. {@code {"lr-g": "0.0002", "batch-size": "64"}}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetrainRequest(
        String model,
        String architecture,
        String dataset,
        Integer epochs,
        Long steps,
        Long seed,
        Map<String, String> hyperparameters) {

    /** The architectures a request may name: {@link ArchitectureNames#ALL}. */
    public static final Set<String> ARCHITECTURES = Set.copyOf(ArchitectureNames.ALL);

    public RetrainRequest {
        hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
    }

    /** This request as a {@link EventTypes#RETRAIN_REQUESTED} CloudEvent with a fresh id; subject = model. */
    public CloudEvent toEvent(String source) {
        return CloudEvent.of(EventTypes.RETRAIN_REQUESTED, source, model, this);
    }

    /** Every reason this request cannot be run; empty when it is valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (model == null || !model.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
            problems.add("model must match [a-z0-9][a-z0-9._-]{0,62}");
        }
        if (architecture == null || !ARCHITECTURES.contains(architecture)) {
            problems.add("architecture must be one of " + ARCHITECTURES.stream().sorted().toList());
        }
        if (dataset == null || dataset.isBlank()) {
            problems.add("dataset is required");
        }
        if (epochs == null && steps == null) {
            problems.add("one of epochs or steps is required");
        }
        if (epochs != null && steps != null) {
            problems.add("give epochs or steps, not both");
        }
        if (epochs != null && (epochs < 1 || epochs > 10_000)) {
            problems.add("epochs must be in 1..10000");
        }
        if (steps != null && (steps < 1 || steps > 10_000_000)) {
            problems.add("steps must be in 1..10000000");
        }
        if (seed == null) {
            problems.add("seed is required");
        }
        return problems;
    }
}
