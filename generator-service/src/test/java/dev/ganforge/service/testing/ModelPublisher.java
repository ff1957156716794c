package dev.ganforge.service.testing;

import dev.ganforge.shared.contract.ModelRecord;
import dev.ganforge.shared.contract.Topics;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes model records to the test broker the way the trainer does: plain kafka-clients, each record in a
 * transaction of its own (so the topic holds commit markers, which the service's replay must step over), waiting
 * for the commit.
 */
public final class ModelPublisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    public ModelPublisher(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_MODEL_RECORD_BYTES);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "ganforge-test-publisher-" + UUID.randomUUID());
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
    }

    public static ModelPublisher toTestBroker() {
        return new ModelPublisher(KafkaBrokerResource.bootstrapServers());
    }

    public void publish(ModelRecord record) {
        ProducerRecord<String, byte[]> kafkaRecord = new ProducerRecord<>(Topics.MODELS, record.key(), record.bytes());
        record.headers().forEach((key, value) -> kafkaRecord.headers().add(key, value));
        send(kafkaRecord);
    }

    /** Anything at all, e.g. a record without headers. */
    public void publishRaw(String key, byte[] value, Map<String, byte[]> headers) {
        ProducerRecord<String, byte[]> kafkaRecord = new ProducerRecord<>(Topics.MODELS, key, value);
        headers.forEach((name, bytes) -> kafkaRecord.headers().add(name, bytes));
        send(kafkaRecord);
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.beginTransaction();
            producer.send(record).get(30, TimeUnit.SECONDS);
            producer.commitTransaction();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("publishing " + record.key() + " failed", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
