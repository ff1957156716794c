package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.contract.Topics;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Where the broker is, and the client settings every ganforge client shares. Size limits come from
 * {@link Topics#MAX_MODEL_RECORD_BYTES} so anything the publisher may send, a reader can fetch.
 */
public record KafkaConnection(String bootstrapServers) {

    public static final String ENV = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String DEFAULT = "127.0.0.1:9092";

    public KafkaConnection {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must be HOST:PORT[,HOST:PORT...]");
        }
    }

    /** The option if given, else {@value #ENV}, else {@value #DEFAULT}. */
    public static KafkaConnection resolve(String option) {
        if (option != null && !option.isBlank()) {
            return new KafkaConnection(option);
        }
        String env = System.getenv(ENV);
        return new KafkaConnection(env == null || env.isBlank() ? DEFAULT : env);
    }

    /** String keys, byte[] values; acks=all and idempotence so a retried send never duplicates a record. */
    public Properties producer(String clientId) {
        Properties props = common(clientId);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(Topics.MAX_MODEL_RECORD_BYTES));
        // The whole record must fit the send buffer, so the buffer is twice the largest record.
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(2L * Topics.MAX_MODEL_RECORD_BYTES));
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return props;
    }

    /**
     * String keys, byte[] values, no auto-commit, read-committed (a version a fenced publisher wrote in an aborted
     * transaction is never seen; {@link VersionClaim}); readers that assign partitions leave groupId null.
     */
    public Properties consumer(String clientId, String groupId) {
        Properties props = common(clientId);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(Topics.MAX_MODEL_RECORD_BYTES));
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(Topics.MAX_MODEL_RECORD_BYTES));
        if (groupId != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        return props;
    }

    public Properties admin(String clientId) {
        return common(clientId);
    }

    private Properties common(String clientId) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        // Fail over quickly to the retry loops in our code rather than hanging in the client for minutes.
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        props.putAll(securityFromEnvironment(System.getenv()));
        return props;
    }

    /**
     * Client security settings from the environment, Quarkus's naming: {@code KAFKA_SASL_JAAS_CONFIG} becomes
     * {@code sasl.jaas.config}. Only {@code KAFKA_SECURITY_*}, {@code KAFKA_SASL_*} and {@code KAFKA_SSL_*}, so
     * the broker script's variables never leak into clients. The Kubernetes manifests (docs/deploy.md) pass
     * the Strimzi SCRAM credentials and the cluster CA this way.
     */
    static Map<String, String> securityFromEnvironment(Map<String, String> environment) {
        Map<String, String> settings = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("KAFKA_SECURITY_") || name.startsWith("KAFKA_SASL_") || name.startsWith("KAFKA_SSL_")) {
                settings.put(name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return settings;
    }
}
