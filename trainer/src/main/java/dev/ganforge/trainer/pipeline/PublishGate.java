package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.model.ModelMetadata;
import java.util.Optional;

/** Decides whether a freshly trained model may become the next version of its name. */
@FunctionalInterface
public interface PublishGate {

    PublishGate OPEN = (candidate, newest) -> Optional.empty();

    /**
     * @param newest the newest published version of the name, or null for a first version
     * @return why the candidate must not be published; empty to publish it
     */
    Optional<String> refusal(ModelMetadata candidate, PublishedModel newest);
}
