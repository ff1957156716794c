package dev.ganforge.shared.contract;

import java.util.List;

/**
 * The architectures a retrain request may name and {@code ganforge train --arch} accepts, in the order the CLI lists
 * them. Here because both sides check them: the service refuses a request naming another before it reaches Kafka,
 * and the trainer binds each name to its networks (and refuses to start when a name has none).
 */
public final class ArchitectureNames {

    public static final List<String> ALL = List.of("mlp", "mlp4", "cdcgan", "dcgan", "dcgan-bn", "bn5", "infogan",
            "curves");

    private ArchitectureNames() {
    }
}
