package dev.ganforge.shared.event;

import java.util.Set;

/** CloudEvents {@code type} values. Documented in docs/contracts.md. */
public final class EventTypes {

    /** On {@code ganforge.retrain.requests}; data: {@link RetrainRequest}. */
    public static final String RETRAIN_REQUESTED = "ganforge.retrain.requested";

    /* On ganforge.training.events. */
    public static final String ACCEPTED = "ganforge.training.accepted";
    public static final String PROGRESS = "ganforge.training.progress";
    public static final String PUBLISHED = "ganforge.training.published";
    public static final String REJECTED = "ganforge.training.rejected";
    public static final String FAILED = "ganforge.training.failed";
    /** Trained, but the quality gate refused to publish it; data: {@link TrainingRefused}. */
    public static final String PUBLISH_REFUSED = "ganforge.training.refused";

    /** Types that end a request: once one is written for a request id, that id is never run again. */
    public static final Set<String> OUTCOMES = Set.of(PUBLISHED, REJECTED, FAILED, PUBLISH_REFUSED);

    private EventTypes() {
    }
}
