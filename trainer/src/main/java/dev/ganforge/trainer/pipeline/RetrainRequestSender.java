package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.event.CloudEvent;
import dev.ganforge.shared.event.RetrainRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Sends a retrain request as a structured CloudEvent to {@link Topics#RETRAIN_REQUESTS}. */
public final class RetrainRequestSender implements AutoCloseable {

    public static final String SOURCE = "urn:ganforge:cli";

    private final KafkaProducer<String, byte[]> producer;

    public RetrainRequestSender(KafkaConnection kafka) {
        this.producer = new KafkaProducer<>(kafka.producer("ganforge-retrain"));
    }

    /**
     * @return the request (event) id, which every training event about it carries as subject
     * @throws IllegalArgumentException listing every problem when the request is invalid; nothing is sent
     */
    public String send(RetrainRequest request) {
        List<String> problems = request.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        CloudEvent event = request.toEvent(SOURCE);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.RETRAIN_REQUESTS, request.model(),
                event.toJson().getBytes(StandardCharsets.UTF_8));
        record.headers().add("content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get();
        } catch (ExecutionException e) {
            throw new KafkaUnavailableException("sending the request failed: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while sending the request", e);
        }
        return event.id();
    }

    @Override
    public void close() {
        producer.close();
    }
}
