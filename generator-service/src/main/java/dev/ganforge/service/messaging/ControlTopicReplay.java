package dev.ganforge.service.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * How far this replica's replay of {@code ganforge.control} has come: readiness waits for it as for the models
 * topic, so a replica started after a pin starts pinned. Same horizon logic as {@link ModelTopicReplay}.
 */
@Singleton // not proxied: its superclass has no no-args constructor
@Identifier(ControlTopicReplay.LISTENER) // how the connector finds it; @Default for constructor injection
@Default
@Typed({ControlTopicReplay.class, KafkaConsumerRebalanceListener.class})
public class ControlTopicReplay extends ModelTopicReplay {

    static final String LISTENER = "ganforge-control-replay";

    @Inject
    public ControlTopicReplay(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        super(CommittedTail.reading(kafka));
    }

    public ControlTopicReplay(CommittedTail tail) {
        super(tail);
    }
}
