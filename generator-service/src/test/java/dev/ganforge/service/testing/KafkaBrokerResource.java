package dev.ganforge.service.testing;

import dev.ganforge.shared.contract.ModelRecord;
import dev.ganforge.shared.contract.ModelRemoval;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.testing.LocalKafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One real Kafka broker for all {@code @QuarkusTest}s (Dev Services are off: no Docker here), and the service
 * configured to trust the test signing key and a known operator token.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    public static final String OPERATOR_TOKEN = "test-operator-token";
    public static final String REPLAYED_MODEL = "replayed";
    public static final String PRUNED_MODEL = "pruned-before-start";

    private static volatile String bootstrapServers;

    private LocalKafkaBroker broker;

    /** Where the test broker listens; set before Quarkus starts. */
    public static String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public Map<String, String> start() {
        broker = LocalKafkaBroker.start();
        bootstrapServers = broker.bootstrapServers();
        publishHistory();
        return Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "ganforge.trust.public-key-files", TestKeys.publicKeyFile().toString(),
                "ganforge.auth.operator-tokens", OPERATOR_TOKEN,
                "ganforge.control.signing-key-file", resource("test-signing-key.pem").toString(),
                "ganforge.control.signing-public-key-file", TestKeys.publicKeyFile().toString(),
                // CanaryEndpointsTest's broken canary: aborted once more than half of at least 4 runs fail.
                "ganforge.canary.abort-error-rate", "0.5",
                "ganforge.canary.abort-min-runs", "4",
                // Wide enough that concurrent test requests really do share runs.
                "ganforge.batching.max-wait", "10ms");
    }

    /**
     * Records already on the topic when the service starts, as after a restart: it must replay them and serve
     * the newest valid version ({@value #REPLAYED_MODEL} v4; v5 is unsigned), keeping v2–v4 loaded (the default
     * of three retained versions) and never loading v1. {@value #PRUNED_MODEL} v1 and v2 were removed (signed
     * tombstones, as {@code ganforge models prune --keep 1} writes them) before the start: only v3 is there.
     */
    private static void publishHistory() {
        ModelMetadata metadata = TestModels.imageMetadata(REPLAYED_MODEL, 0);
        ModelMetadata pruned = TestModels.imageMetadata(PRUNED_MODEL, 0);
        try (ModelPublisher publisher = new ModelPublisher(bootstrapServers)) {
            for (int version = 1; version <= 4; version++) {
                publisher.publish(TestModels.signed(metadata, version, TestModels.imageModel(metadata, version)));
            }
            publisher.publish(TestModels.unsigned(TestModels.signed(metadata, 5, TestModels.imageModel(metadata, 5))));
            List<ModelRemoval> removals = new ArrayList<>();
            for (int version = 1; version <= 3; version++) {
                ModelRecord record = TestModels.signed(pruned, version, TestModels.imageModel(pruned, version));
                publisher.publish(record);
                if (version < 3) {
                    removals.add(ModelRemoval.sign(PRUNED_MODEL, version, record.sha256(), TestModels.SIGNER));
                }
            }
            removals.forEach(removal -> publisher.publishRaw(removal.key(), null, removal.headers()));
        }
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    static Path resource(String name) {
        return Path.of("src/test/resources/keys", name).toAbsolutePath();
    }
}
