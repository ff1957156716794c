package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.event.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Writes CloudEvents to {@link Topics#TRAINING_EVENTS}, keyed by request id so one request's events stay in
 * order. Outcomes are written synchronously (the request is committed only after); progress is fire-and-forget.
 */
public final class TrainingEventWriter implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String source;

    public TrainingEventWriter(KafkaConnection kafka, String source) {
        this.producer = new KafkaProducer<>(kafka.producer("ganforge-worker-events"));
        this.source = source;
    }

    /** Returns once the broker has the event on all in-sync replicas. */
    public CloudEvent write(String type, String requestId, Object data) {
        CloudEvent event = CloudEvent.of(type, source, requestId, data);
        try {
            producer.send(record(requestId, event)).get();
            return event;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RetriableException) {
                throw new KafkaUnavailableException("writing " + type + " failed: " + e.getCause().getMessage(),
                        e.getCause());
            }
            throw new IllegalStateException("writing " + type + " failed: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while writing " + type, e);
        }
    }

    /** Does not wait; a lost progress event costs nothing. */
    public void writeLater(String type, String requestId, Object data) {
        producer.send(record(requestId, CloudEvent.of(type, source, requestId, data)));
    }

    private static ProducerRecord<String, byte[]> record(String requestId, CloudEvent event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.TRAINING_EVENTS, requestId,
                event.toJson().getBytes(StandardCharsets.UTF_8));
        record.headers().add("content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @Override
    public void close() {
        producer.close();
    }
}
