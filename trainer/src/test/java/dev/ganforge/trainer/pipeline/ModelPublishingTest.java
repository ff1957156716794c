package dev.ganforge.trainer.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.shared.contract.ModelRecord;
import dev.ganforge.shared.contract.TopicSpec;
import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.signing.Ed25519Keys;
import dev.ganforge.shared.signing.ModelSigner;
import dev.ganforge.shared.signing.ModelVerifier;
import dev.ganforge.shared.signing.Sha256;
import dev.ganforge.shared.testing.LocalKafkaBroker;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Publishing and listing against a real broker started by deploy/local/kafka. */
class ModelPublishingTest {

    private static LocalKafkaBroker broker;
    private static KafkaConnection kafka;
    private static final KeyPair KEYS = Ed25519Keys.generate();
    private static final ModelVerifier VERIFIER = new ModelVerifier(List.of(KEYS.getPublic()));

    @BeforeAll
    static void startBroker() {
        broker = LocalKafkaBroker.start();
        kafka = new KafkaConnection(broker.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void brokerScriptCreatesTopicsWithTheContractSettings() throws Exception {
        // deploy/local/BrokerAdmin.java keeps its own copy of the settings; this catches drift.
        assertEquals(List.of(), new TopicProvisioner(kafka).ensureTopics(), "the script already created them");
        try (Admin admin = Admin.create(kafka.admin("test"))) {
            for (TopicSpec spec : Topics.specs()) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
                Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
                        .get(resource);
                Map<String, String> actual = spec.configs().keySet().stream().collect(Collectors.toMap(
                        key -> key, key -> Optional.ofNullable(config.get(key)).map(ConfigEntry::value).orElse("")));
                assertEquals(spec.configs(), actual, spec.name());
                int partitions = admin.describeTopics(List.of(spec.name())).allTopicNames()
                        .get(30, TimeUnit.SECONDS).get(spec.name()).partitions().size();
                assertEquals(spec.partitions(), partitions, spec.name());
            }
        }
    }

    @Test
    void publishedVersionIsListedWithItsDigestAndIdenticalBytesMakeNoNewVersion() {
        byte[] first = randomBytes(2_000, 1);
        byte[] second = randomBytes(2_000, 2);
        try (ModelPublisher publisher = new ModelPublisher(kafka, signer())) {
            PublishResult v1 = publisher.publish("waves", first, metadata());
            PublishResult again = publisher.publish("waves", first, metadata());
            PublishResult v2 = publisher.publish("waves", second, metadata());
            PublishResult otherName = publisher.publish("ripples", first, metadata());

            assertEquals(new PublishResult("waves", 1, Sha256.hex(first), false), v1);
            assertEquals(new PublishResult("waves", 1, Sha256.hex(first), true), again);
            assertEquals("waves: unchanged, version 1 (sha256 " + Sha256.hex(first) + ")", again.describe());
            assertEquals(new PublishResult("waves", 2, Sha256.hex(second), false), v2);
            assertEquals(1, otherName.version(), "versions count per name");
        }

        List<PublishedModel> waves = new ModelCatalog(kafka).list("waves");
        assertEquals(List.of(1L, 2L), waves.stream().map(PublishedModel::version).toList());
        assertEquals(Sha256.hex(first), waves.get(0).sha256());
        assertEquals(Sha256.hex(second), waves.get(1).sha256());
        assertEquals("waves", waves.get(0).metadata().name(), "metadata is renamed to the published name");
        assertEquals(2_000, waves.get(0).sizeBytes());
        assertTrue(new ModelCatalog(kafka).list(null).stream().anyMatch(m -> m.name().equals("ripples")));
    }

    @Test
    void fortyMebibyteModelTravelsEndToEndAndVerifies() {
        byte[] big = randomBytes(40 * 1024 * 1024, 40);
        PublishResult result;
        try (ModelPublisher publisher = new ModelPublisher(kafka, signer())) {
            result = publisher.publish("big", big, metadata());
        }

        ModelRecord fetched = new ModelCatalog(kafka).fetch("big", result.version()).orElseThrow();

        assertArrayEquals(big, fetched.bytes());
        assertEquals(Optional.empty(), fetched.verify(VERIFIER));
        assertEquals(Optional.empty(), new ModelCatalog(kafka).fetch("big", result.version() + 1));
    }

    @Test
    void recordsThatAreNotModelsAreNotVersions() throws Exception {
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
                kafka.producer("test"))) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.MODELS, "junk@7",
                    "junk".getBytes())).get();
        }
        assertFalse(new ModelCatalog(kafka).list(null).stream().anyMatch(m -> m.name().equals("junk")));
        try (ModelPublisher publisher = new ModelPublisher(kafka, signer())) {
            assertEquals(1, publisher.publish("junk", randomBytes(10, 3), metadata()).version());
        }
    }

    static ModelSigner signer() {
        return new ModelSigner(KEYS.getPrivate(), KEYS.getPublic());
    }

    static ModelMetadata metadata() {
        return new ModelMetadata("trained-as", "curves", 8, "normal", 0, List.of(), "curve", List.of(64), "curves",
                "0".repeat(64), "run-1", 10, "2026-01-01T00:00:00Z", "test", Map.of());
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
