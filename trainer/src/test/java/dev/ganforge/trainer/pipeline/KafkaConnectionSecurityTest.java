package dev.ganforge.trainer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worker in Kubernetes gets its SCRAM credentials and trust store through KAFKA_* variables. */
class KafkaConnectionSecurityTest {

    @Test
    void securitySaslAndSslVariablesBecomeClientSettings() {
        Map<String, String> settings = KafkaConnection.securityFromEnvironment(Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/ganforge/kafka-ca/ca.crt"));
        assertEquals(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "ssl.truststore.location", "/etc/ganforge/kafka-ca/ca.crt"), settings);
    }

    @Test
    void otherVariablesStayOutOfTheClients() {
        assertEquals(Map.of(), KafkaConnection.securityFromEnvironment(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "broker:9093",
                "KAFKA_PORT", "9092",
                "KAFKA_HEAP_OPTS", "-Xmx1g",
                "HOME", "/root")));
    }
}
