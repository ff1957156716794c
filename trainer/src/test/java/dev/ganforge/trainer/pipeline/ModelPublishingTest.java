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
import dev.ganforge.shared.event.CloudEvent;
import dev.ganforge.shared.event.EventTypes;
import dev.ganforge.shared.event.RetrainRequest;
import dev.ganforge.shared.onnx.OnnxGraphBuilder;
import dev.ganforge.shared.onnx.OnnxModelBuilder;
import dev.ganforge.shared.onnx.proto.Onnx.TensorProto.DataType;
import dev.ganforge.shared.testing.LocalKafkaBroker;
import dev.ganforge.trainer.cli.GanforgeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Properties;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeConfigsResult;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing and listing, in code and through the CLI, against a real broker started by deploy/local/kafka. */
class ModelPublishingTest {

    @TempDir
    Path dir;

    @AutoClose
    private static final LocalKafkaBroker broker = LocalKafkaBroker.start();
    private static final KafkaConnection kafka = new KafkaConnection(broker.bootstrapServers());
    private static final KeyPair KEYS = Ed25519Keys.generate();
    private static final ModelVerifier VERIFIER = new ModelVerifier(List.of(KEYS.getPublic()));

    @Test
    void brokerScriptCreatesTopicsWithTheContractSettings() throws Exception {
        // deploy/local/BrokerAdmin.java keeps its own copy of the settings; this catches drift.
        assertEquals(new TopicProvisioning(List.of(), List.of()), new TopicProvisioner(kafka).ensureTopics(),
                "the script already created them, with every setting");
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
    void provisionerGivesAnOlderTopicTheSettingsItLacksAndKeepsTheOnesSetOnIt() throws Exception {
        ConfigResource models = new ConfigResource(ConfigResource.Type.TOPIC, Topics.MODELS);
        ConfigResource events = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TRAINING_EVENTS);
        String eventsRetention = spec(Topics.TRAINING_EVENTS).configs().get("retention.ms");
        try (Admin admin = Admin.create(kafka.admin("test"))) {
            // A models topic from before segment.ms was in the contract, and an operator's own retention.
            admin.incrementalAlterConfigs(Map.of(
                    models, List.of(new AlterConfigOp(new ConfigEntry("segment.ms", ""), AlterConfigOp.OpType.DELETE)),
                    events, List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "3600000"),
                            AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
            try {
                TopicProvisioning first = new TopicProvisioner(kafka).ensureTopics();
                TopicProvisioning second = new TopicProvisioner(kafka).ensureTopics();

                assertEquals(new TopicProvisioning(List.of(), List.of(Topics.MODELS + ": segment.ms=86400000")),
                        first);
                assertEquals(new TopicProvisioning(List.of(), List.of()), second, "nothing left to add");
                assertEquals("86400000", configValue(admin, models, "segment.ms"));
                assertEquals("3600000", configValue(admin, events, "retention.ms"), "a topic's own setting stays");
            } finally {
                admin.incrementalAlterConfigs(Map.of(events, List.of(new AlterConfigOp(
                        new ConfigEntry("retention.ms", eventsRetention), AlterConfigOp.OpType.SET))))
                        .all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void provisionerLeavesTheSettingsAloneWhereItMayNotReadThem() throws Exception {
        // As the Strimzi trainer user (users.yaml): topics exist, DescribeConfigs is not granted.
        ConfigResource models = new ConfigResource(ConfigResource.Type.TOPIC, Topics.MODELS);
        try (Admin admin = Admin.create(kafka.admin("test"))) {
            admin.incrementalAlterConfigs(Map.of(models, List.of(new AlterConfigOp(new ConfigEntry("segment.ms", ""),
                    AlterConfigOp.OpType.DELETE)))).all().get(30, TimeUnit.SECONDS);
            try {
                TopicProvisioning denied = new TopicProvisioner(kafka, props -> new ForwardingAdmin(toMap(props)) {
                    @Override
                    public DescribeConfigsResult describeConfigs(Collection<ConfigResource> resources,
                                                                 DescribeConfigsOptions options) {
                        KafkaFutureImpl<Config> refused = new KafkaFutureImpl<>();
                        refused.completeExceptionally(new TopicAuthorizationException("DescribeConfigs denied"));
                        Map<ConfigResource, KafkaFuture<Config>> futures = new HashMap<>();
                        resources.forEach(resource -> futures.put(resource, refused));
                        return new DescribeConfigsResult(futures) {
                        };
                    }
                }).ensureTopics();

                assertEquals(new TopicProvisioning(List.of(), List.of()), denied);
                assertTrue(admin.describeConfigs(List.of(models)).all().get(30, TimeUnit.SECONDS).get(models)
                        .get("segment.ms").source() != ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG,
                        "nothing was set");
            } finally {
                new TopicProvisioner(kafka).ensureTopics();
            }
        }
    }

    private static Map<String, Object> toMap(Properties props) {
        Map<String, Object> map = new HashMap<>();
        props.forEach((key, value) -> map.put((String) key, value));
        return map;
    }

    private static TopicSpec spec(String topic) {
        return Topics.specs().stream().filter(s -> s.name().equals(topic)).findFirst().orElseThrow();
    }

    private static String configValue(Admin admin, ConfigResource topic, String key) throws Exception {
        return admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic).get(key).value();
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
    void identicalBytesUnderARotatedKeyBecomeANewVersionSignedByIt() {
        byte[] model = randomBytes(2_000, 7);
        KeyPair rotated = Ed25519Keys.generate();
        ModelSigner newSigner = new ModelSigner(rotated.getPrivate(), rotated.getPublic());
        try (ModelPublisher oldKey = new ModelPublisher(kafka, signer());
             ModelPublisher newKey = new ModelPublisher(kafka, newSigner)) {
            assertEquals(new PublishResult("rotated", 1, Sha256.hex(model), false),
                    oldKey.publish("rotated", model, metadata()));
            assertEquals(new PublishResult("rotated", 2, Sha256.hex(model), false),
                    newKey.publish("rotated", model, metadata(), (candidate, newest) -> {
                        throw new AssertionError("the gate is not asked about bytes that already are a version");
                    }));
            assertEquals(new PublishResult("rotated", 2, Sha256.hex(model), true),
                    newKey.publish("rotated", model, metadata()), "a retry under the new key changes nothing");
            assertEquals(new PublishResult("rotated", 1, Sha256.hex(model), true),
                    oldKey.publish("rotated", model, metadata()));
        }
        List<PublishedModel> versions = new ModelCatalog(kafka).list("rotated");
        assertEquals(List.of(signer().keyId(), newSigner.keyId()),
                versions.stream().map(PublishedModel::keyId).toList());
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

    @Test
    void cliGeneratesKeysPublishesListsAndReportsUnchanged() throws Exception {
        Path keys = dir.resolve("keys");
        Cli generated = cli("keys", "generate", "--out", keys.toString());
        assertEquals(0, generated.status, generated.err);
        Path key = keys.resolve(SigningKeyFiles.PRIVATE_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        Cli again = cli("keys", "generate", "--out", keys.toString());
        assertEquals(1, again.status);
        assertEquals(1, again.err.strip().lines().count(), again.err);

        Path model = dir.resolve("tiny.onnx");
        Files.write(model, tinyOnnx());
        String sha = Sha256.hex(Files.readAllBytes(model));
        String[] publish = {"publish", model.toString(), "--name", "cli-model", "--key", key.toString(),
            "--bootstrap", broker.bootstrapServers()};
        Cli first = cli(publish);
        Cli second = cli(publish);
        Cli table = cli("models", "list", "--name", "cli-model", "--bootstrap", broker.bootstrapServers());
        Cli json = cli("models", "list", "--json", "--bootstrap", broker.bootstrapServers());

        assertEquals("cli-model: published version 1 (sha256 " + sha + ")", first.out.strip(), first.err);
        assertEquals("cli-model: unchanged, version 1 (sha256 " + sha + ")", second.out.strip(), second.err);
        List<String> rows = table.out.strip().lines().toList();
        assertEquals(2, rows.size(), table.out);
        assertTrue(rows.get(1).matches("cli-model\\s+1\\s+" + sha.substring(0, 12) + "\\s+.*curves.*"), rows.get(1));
        var listed = CloudEvent.JSON.readTree(json.out);
        var entry = new ArrayList<com.fasterxml.jackson.databind.JsonNode>();
        listed.forEach(node -> {
            if (node.get("name").asText().equals("cli-model")) {
                entry.add(node);
            }
        });
        assertEquals(1, entry.size());
        assertEquals(sha, entry.get(0).get("sha256").asText());
        assertEquals(1, entry.get(0).get("version").asLong());
        assertEquals("curves", entry.get(0).get("metadata").get("architecture").asText());
    }

    @Test
    void cliPublishesSeveralFilesInOrderAndNoneWhenOneIsNotAModel() throws Exception {
        Path key = dir.resolve("several");
        SigningKeyFiles.generate(key);
        Path first = dir.resolve("s1.onnx");
        Path second = dir.resolve("s2.onnx");
        Path notOnnx = dir.resolve("s3.onnx");
        Files.write(first, onnxModel(1));
        Files.write(second, onnxModel(2));
        Files.writeString(notOnnx, "hello");
        String keyFile = key.resolve(SigningKeyFiles.PRIVATE_FILE).toString();

        Cli refused = cli("publish", first.toString(), notOnnx.toString(), "--name", "cli-several", "--key", keyFile,
                "--bootstrap", broker.bootstrapServers());
        Cli both = cli("publish", first.toString(), second.toString(), "--name", "cli-several", "--key", keyFile,
                "--bootstrap", broker.bootstrapServers());

        assertTrue(refused.status != 0 && refused.err.contains(notOnnx + " is not a ganforge ONNX model"), refused.err);
        assertEquals(List.of("cli-several: published version 1 (sha256 " + Sha256.hex(onnxModel(1)) + ")",
                "cli-several: published version 2 (sha256 " + Sha256.hex(onnxModel(2)) + ")"),
                both.out.strip().lines().toList(), both.err);
    }

    @Test
    void cliRejectsBadInputWithOneLine() throws Exception {
        Path notOnnx = dir.resolve("model.onnx");
        Files.writeString(notOnnx, "hello");
        Path key = dir.resolve("k");
        SigningKeyFiles.generate(key);

        Cli notAModel = cli("publish", notOnnx.toString(), "--name", "x", "--key",
                key.resolve(SigningKeyFiles.PRIVATE_FILE).toString(), "--bootstrap", broker.bootstrapServers());
        Cli badName = cli("publish", notOnnx.toString(), "--name", "Bad Name", "--bootstrap",
                broker.bootstrapServers());
        Cli noLength = cli("retrain", "--model", "m", "--arch", "curves", "--dataset", "curves", "--seed", "1",
                "--bootstrap", broker.bootstrapServers());
        Cli badArch = cli("retrain", "--model", "m", "--arch", "gpt", "--dataset", "curves", "--steps", "5",
                "--seed", "1", "--bootstrap", broker.bootstrapServers());

        assertEquals(1, notAModel.status);
        assertTrue(notAModel.err.startsWith("ganforge: " + notOnnx + " is not a ganforge ONNX model"), notAModel.err);
        assertEquals(1, notAModel.err.strip().lines().count(), notAModel.err);
        assertEquals(2, badName.status, badName.err);
        assertEquals(2, noLength.status, noLength.err);
        assertEquals(2, badArch.status, badArch.err);
        assertTrue(badArch.err.contains("architecture must be one of"), badArch.err);
        assertFalse(badArch.err.contains("\tat "), "no stack trace");
    }

    @Test
    void cliPublishRefusesAModelClearlyWorseThanTheNewestVersionUnlessForced() throws Exception {
        Path keys = dir.resolve("gate-keys");
        SigningKeyFiles.generate(keys);
        String key = keys.resolve(SigningKeyFiles.PRIVATE_FILE).toString();
        Path good = dir.resolve("good.onnx");
        Path worse = dir.resolve("worse.onnx");
        Path slightlyWorse = dir.resolve("slightly-worse.onnx");
        Files.write(good, tinyOnnx(Map.of("fid", 20.0)));
        Files.write(worse, tinyOnnx(Map.of("fid", 30.0)));
        Files.write(slightlyWorse, tinyOnnx(Map.of("fid", 21.0)));

        Cli first = cli("publish", good.toString(), "--name", "gated-cli", "--key", key, "--bootstrap",
                broker.bootstrapServers());
        Cli refused = cli("publish", worse.toString(), "--name", "gated-cli", "--key", key, "--bootstrap",
                broker.bootstrapServers());
        Cli within = cli("publish", slightlyWorse.toString(), "--name", "gated-cli", "--key", key,
                "--fid-tolerance", "0.1", "--bootstrap", broker.bootstrapServers());
        Cli forced = cli("publish", worse.toString(), "--name", "gated-cli", "--key", key, "--force",
                "--bootstrap", broker.bootstrapServers());
        Cli badTolerance = cli("publish", worse.toString(), "--name", "gated-cli", "--key", key,
                "--fid-tolerance", "-1", "--bootstrap", broker.bootstrapServers());

        assertEquals(0, first.status, first.err);
        assertEquals(1, refused.status, refused.out);
        assertEquals(1, refused.err.strip().lines().count(), refused.err);
        assertTrue(refused.err.contains("FID 30.0000 is worse than the previous version's 20.0000 with 10% "
                + "tolerance (limit 22.0000) of version 1"), refused.err);
        assertTrue(refused.err.contains("--force"), refused.err);
        assertEquals(0, within.status, within.err);
        assertTrue(within.out.contains("published version 2"), within.out);
        assertEquals(0, forced.status, forced.err);
        assertTrue(forced.out.contains("published version 3"), forced.out);
        assertEquals(2, badTolerance.status, badTolerance.err);
        assertEquals(List.of(20.0, 21.0, 30.0), new ModelCatalog(kafka).list("gated-cli").stream()
                .map(m -> m.metadata().metrics().get("fid")).toList(), "the refused publish wrote nothing");
    }

    @Test
    void cliRetrainSendsARequestEventAndPrintsItsId() {
        Cli sent = cli("retrain", "--model", "waves", "--arch", "curves", "--dataset", "curves", "--steps", "300",
                "--seed", "42", "--set", "lr-g=0.0002", "--set", "batch-size=32", "--bootstrap",
                broker.bootstrapServers());

        assertEquals(0, sent.status, sent.err);
        String id = sent.out.strip();
        List<CloudEvent> requests = new ArrayList<>();
        new TopicSnapshot(kafka, Duration.ofSeconds(30)).read(Topics.RETRAIN_REQUESTS, record ->
                requests.add(CloudEvent.parse(new String(record.value(), StandardCharsets.UTF_8))));
        CloudEvent event = requests.stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
        assertEquals(EventTypes.RETRAIN_REQUESTED, event.type());
        assertEquals(new RetrainRequest("waves", "curves", "curves", null, 300L, 42L,
                Map.of("lr-g", "0.0002", "batch-size", "32")), event.dataAs(RetrainRequest.class));
    }

    private record Cli(int status, String out, String err) {
    }

    private static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = GanforgeCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Cli(status, out.toString(), err.toString());
    }

    /** A valid ONNX model (z → Identity) carrying ganforge metadata, as 'ganforge export' would write. */
    private static byte[] tinyOnnx() {
        return tinyOnnx(metadata());
    }

    private static byte[] tinyOnnx(Map<String, Double> metrics) {
        return tinyOnnx(metadata(metadata().step(), metrics));
    }

    /** A tiny model whose bytes differ for each {@code step}. */
    static byte[] onnxModel(int step) {
        return tinyOnnx(metadata(step, metadata().metrics()));
    }

    /** {@link #metadata()} at another step and with other metrics. */
    private static ModelMetadata metadata(long step, Map<String, Double> metrics) {
        ModelMetadata m = metadata();
        return new ModelMetadata(m.name(), m.architecture(), m.latentSize(), m.latentDistribution(), m.labelCount(),
                m.labelNames(), m.outputKind(), m.outputShape(), m.dataset(), m.datasetFingerprint(), m.runId(), step,
                m.createdAt(), m.ganforgeVersion(), metrics);
    }

    private static byte[] tinyOnnx(ModelMetadata metadata) {
        return new OnnxModelBuilder(new OnnxGraphBuilder("tiny")
                .input("z", DataType.FLOAT, 8)
                .node("Identity", List.of("z"), "samples")
                .output("samples", DataType.FLOAT, 8))
                .metadata(metadata.toOnnxProperties())
                .toBytes();
    }

    static java.security.PublicKey publicKey() {
        return KEYS.getPublic();
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
