package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.contract.Topics;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Appends records to {@link Topics#MODELS} and waits for the broker's acknowledgement, turning Kafka's failures
 * into the two the callers act on: {@link KafkaUnavailableException} (retry later) and anything else (give up).
 */
final class ModelTopicWriter implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    ModelTopicWriter(KafkaConnection kafka, String clientId) {
        this.producer = new KafkaProducer<>(kafka.producer(clientId));
    }

    /** @param value null for a tombstone */
    void write(String key, byte[] value, Map<String, byte[]> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.MODELS, key, value);
        headers.forEach((name, bytes) -> record.headers().add(name, bytes));
        String what = (value == null ? "the removal of " : "") + key;
        try {
            producer.send(record).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RetriableException) {
                throw new KafkaUnavailableException("publishing " + what + " failed: " + cause.getMessage(), cause);
            }
            throw new IllegalStateException("publishing " + what + " failed: " + cause.getMessage(), cause);
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while publishing " + what, e);
        } catch (KafkaException e) {
            throw new IllegalStateException("publishing " + what + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while publishing " + what, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
