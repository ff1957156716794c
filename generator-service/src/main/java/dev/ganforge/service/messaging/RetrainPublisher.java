package dev.ganforge.service.messaging;

import dev.ganforge.shared.event.CloudEvent;
import dev.ganforge.shared.event.EventTypes;
import dev.ganforge.shared.event.RetrainRequest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes retrain requests as structured-mode CloudEvents on {@code ganforge.retrain.requests}, keyed by model
 * name so requests for one model stay in order. Waits for the broker's acknowledgement, so a 202 means the
 * request is durably queued.
 */
@ApplicationScoped
public class RetrainPublisher {

    public static final String SOURCE = "/ganforge/generator-service";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    private final MutinyEmitter<String> emitter;

    public RetrainPublisher(@Channel("retrain-requests") MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    /** @return the CloudEvent id */
    public String publish(RetrainRequest request) {
        CloudEvent event = CloudEvent.of(EventTypes.RETRAIN_REQUESTED, SOURCE, request.model(), request);
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        Message<String> message = Message.of(event.toJson()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(request.model())
                .withHeaders(headers)
                .build());
        emitter.sendMessage(message).await().atMost(ACK_TIMEOUT);
        return event.id();
    }
}
