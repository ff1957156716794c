package dev.ganforge.trainer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ganforge.shared.contract.ControlRecord;
import dev.ganforge.shared.contract.ModelRecord;
import dev.ganforge.shared.contract.ModelRouting;
import dev.ganforge.shared.signing.ModelSigner;
import dev.ganforge.shared.signing.ModelVerifier;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.testing.LocalKafkaBroker;
import dev.ganforge.trainer.cli.GanforgeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Publishers of one name at once, on a real broker: every publish gets its own version, none is lost, and an old
 * record produced again never counts as a version (issue 23 §1; docs/contracts.md, "Versions").
 */
class ConcurrentPublishingTest {

    private static final int PUBLISHERS = 4;
    private static final int PUBLISHES_EACH = 10;

    @AutoClose
    private static final LocalKafkaBroker broker = LocalKafkaBroker.start();
    private static final KafkaConnection kafka = new KafkaConnection(broker.bootstrapServers());

    @Test
    void fourPublishersOfOneNameGetFortyDistinctVersionsListedByTheCli() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS);
        List<Future<List<PublishResult>>> publishers = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            int publisher = p;
            publishers.add(pool.submit(() -> {
                List<PublishResult> results = new ArrayList<>();
                try (ModelPublisher models = new ModelPublisher(kafka, ModelPublishingTest.signer())) {
                    for (int i = 0; i < PUBLISHES_EACH; i++) {
                        byte[] onnx = ModelPublishingTest.onnxModel(1000 * publisher + i);
                        results.add(models.publish("raced", onnx, ModelPublishingTest.metadata()));
                    }
                }
                return results;
            }));
        }
        List<PublishResult> results = new ArrayList<>();
        for (Future<List<PublishResult>> publisher : publishers) {
            results.addAll(publisher.get());
        }
        pool.shutdown();

        int total = PUBLISHERS * PUBLISHES_EACH;
        Set<Long> versions = results.stream().map(PublishResult::version).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), List.copyOf(versions),
                "every publish took its own version");
        assertTrue(results.stream().noneMatch(PublishResult::unchanged));
        List<PublishedModel> listed = new ModelCatalog(kafka).list("raced");
        assertEquals(results.stream().map(r -> r.version() + "=" + r.sha256()).sorted().toList(),
                listed.stream().map(m -> m.version() + "=" + m.sha256()).sorted().toList(),
                "the topic holds exactly the published bytes under their versions");

        JsonNode cli = new ObjectMapper().readTree(cli("models", "list", "--json", "--name", "raced",
                "--bootstrap", broker.bootstrapServers()));
        assertEquals(total, cli.size());
        assertEquals(total, cli.get(total - 1).get("version").asLong());
    }

    @Test
    void anOldRecordProducedAgainIsNotAVersionAndTheNextPublishGoesAboveIt() {
        try (ModelPublisher models = new ModelPublisher(kafka, ModelPublishingTest.signer());
             ModelPruner pruner = new ModelPruner(kafka, ModelPublishingTest.signer())) {
            for (int step = 1; step <= 3; step++) {
                models.publish("replayed", ModelPublishingTest.onnxModel(step), ModelPublishingTest.metadata());
            }
            ModelRecord first = new ModelCatalog(kafka).fetch("replayed", 1).orElseThrow();
            pruner.prune("replayed", 2);
            assertEquals(List.of(2L, 3L), versions());

            replay(first);

            assertEquals(List.of(2L, 3L), versions(), "the replayed version 1 is not listed again");
            assertEquals(4, models.publish("replayed", ModelPublishingTest.onnxModel(4),
                    ModelPublishingTest.metadata()).version());
        }
    }

    @Test
    void modelsPinWritesASignedControlRecordAndRefusesAVersionNotPublished(@TempDir Path keys) throws Exception {
        KeyPair pair = SigningKeyFiles.generate(keys);
        ModelSigner signer = SigningKeyFiles.signer(keys.resolve(SigningKeyFiles.PRIVATE_FILE));
        try (ModelPublisher models = new ModelPublisher(kafka, signer)) {
            models.publish("routed", ModelPublishingTest.onnxModel(1), ModelPublishingTest.metadata());
            models.publish("routed", ModelPublishingTest.onnxModel(2), ModelPublishingTest.metadata());
        }
        String key = keys.resolve(SigningKeyFiles.PRIVATE_FILE).toString();

        assertEquals("routed: pinned to version 1", cli("models", "pin", "routed@1", "--key", key,
                "--bootstrap", broker.bootstrapServers()).strip());
        StringWriter err = new StringWriter();
        int refused = GanforgeCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
                "models", "pin", "routed@9", "--key", key, "--bootstrap", broker.bootstrapServers());

        assertTrue(refused != 0 && err.toString().contains("routed@9 is not on ganforge.models"), err.toString());
        List<ControlRecord> written = new ArrayList<>();
        new TopicSnapshot(kafka, Duration.ofSeconds(30)).read(Topics.CONTROL, raw -> {
            Map<String, byte[]> headers = new HashMap<>();
            raw.headers().forEach(header -> headers.put(header.key(), header.value()));
            written.add(ControlRecord.fromKafka(raw.key(), raw.value(), headers));
        });
        assertEquals(1, written.size(), "the refused pin wrote nothing");
        assertEquals(ModelRouting.pinned(1), written.get(0).body().routing());
        assertEquals(java.util.Optional.empty(), written.get(0).verify(new ModelVerifier(List.of(pair.getPublic()))));
    }

    /** What anyone with write access to the topic could do: the same signed record, produced again. */
    private static void replay(ModelRecord record) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("replayer"))) {
            ProducerRecord<String, byte[]> again = new ProducerRecord<>(Topics.MODELS, record.key(), record.bytes());
            record.headers().forEach((name, value) -> again.headers().add(name, value));
            producer.send(again);
            producer.flush();
        }
    }

    private static List<Long> versions() {
        return new ModelCatalog(kafka).list("replayed").stream().map(PublishedModel::version).toList();
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = GanforgeCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
        assertEquals(0, status, err.toString());
        return out.toString();
    }
}
