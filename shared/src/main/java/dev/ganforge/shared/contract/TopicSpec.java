package dev.ganforge.shared.contract;

import java.util.Map;

/**
 * How a topic is created: partitions and topic-level configs (Kafka config names). Plain data so shared needs
 * no Kafka client; the trainer's provisioner and deploy/local/BrokerAdmin.java create topics from it.
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

    public TopicSpec {
        configs = Map.copyOf(configs);
    }
}
