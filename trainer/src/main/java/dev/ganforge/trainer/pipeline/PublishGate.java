package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.trainer.evaluate.GateDecision;
import java.util.Optional;

/**
 * Decides whether a model may become the next version of its name. {@link ModelPublisher} asks it, so
 * {@code ganforge publish} and the worker are held to the same rule.
 */
@FunctionalInterface
public interface PublishGate {

    PublishGate OPEN = (candidate, newest) -> Optional.empty();

    /**
     * @param newest the newest published version of the name, never null (a first version is not gated)
     * @return the refusing decision, with its figures; empty to publish
     */
    Optional<GateDecision> refusal(ModelMetadata candidate, PublishedModel newest);
}
