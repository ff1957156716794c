package dev.ganforge.trainer.cli;

import dev.ganforge.trainer.pipeline.KafkaConnection;
import picocli.CommandLine.Option;

/** {@code --bootstrap}, shared by every command that talks to Kafka. */
public final class KafkaOptions {

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:9092).")
    String bootstrap;

    public KafkaConnection connection() {
        return KafkaConnection.resolve(bootstrap);
    }
}
