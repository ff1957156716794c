package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.contract.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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
        writeAll(List.of(new Outgoing(key, value, headers)));
    }

    /**
     * Sends every record before waiting for any acknowledgement, so a long list costs about one round trip; they
     * land in order (one partition, an idempotent producer). Returns once all are acknowledged.
     */
    void writeAll(List<Outgoing> records) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        try {
            for (Outgoing outgoing : records) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.MODELS, outgoing.key(),
                        outgoing.value());
                outgoing.headers().forEach((name, bytes) -> record.headers().add(name, bytes));
                sent.add(producer.send(record));
            }
            for (int i = 0; i < sent.size(); i++) {
                await(sent.get(i), records.get(i).describe());
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while publishing to " + Topics.MODELS, e);
        } catch (KafkaException e) {
            throw new IllegalStateException("publishing to " + Topics.MODELS + " failed: " + e.getMessage(), e);
        }
    }

    private static void await(Future<RecordMetadata> acknowledgement, String what) {
        try {
            acknowledgement.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RetriableException) {
                throw new KafkaUnavailableException("publishing " + what + " failed: " + cause.getMessage(), cause);
            }
            throw new IllegalStateException("publishing " + what + " failed: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while publishing " + what, e);
        }
    }

    /** One record for {@link Topics#MODELS}; {@code value} null for a tombstone. */
    record Outgoing(String key, byte[] value, Map<String, byte[]> headers) {

        String describe() {
            return (value == null ? "the removal of " : "") + key;
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
