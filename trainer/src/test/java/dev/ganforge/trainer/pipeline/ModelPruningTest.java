package dev.ganforge.trainer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.shared.contract.ModelRemoval;
import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.signing.ModelVerifier;
import dev.ganforge.shared.signing.Sha256;
import dev.ganforge.shared.testing.LocalKafkaBroker;
import dev.ganforge.trainer.cli.GanforgeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pruning and removing versions with signed tombstones, in code and through the CLI, on a real broker. */
class ModelPruningTest {

    @AutoClose
    private static final LocalKafkaBroker broker = LocalKafkaBroker.start();
    private static final KafkaConnection kafka = new KafkaConnection(broker.bootstrapServers());

    @TempDir
    Path dir;

    @Test
    void pruneKeepsTheNewestVersionsAndNumberingGoesOnAboveThem() {
        try (ModelPublisher publisher = new ModelPublisher(kafka, ModelPublishingTest.signer());
             ModelPruner pruner = new ModelPruner(kafka, ModelPublishingTest.signer())) {
            for (int v = 1; v <= 4; v++) {
                publisher.publish("pruned", bytes(v), ModelPublishingTest.metadata());
            }
            publisher.publish("bystander", bytes(1), ModelPublishingTest.metadata());

            assertEquals(List.of(1L, 2L), versions(pruner.beyondNewest("pruned", 2)));
            assertEquals(List.of(1L, 2L, 3L, 4L), listed("pruned"), "asking what would go writes nothing");
            assertEquals(List.of(1L, 2L), versions(pruner.prune("pruned", 2)));
            assertEquals(List.of(3L, 4L), listed("pruned"));
            assertEquals(List.of(), pruner.prune("pruned", 2), "nothing left to prune");
            assertEquals(List.of(1L), listed("bystander"), "other models are untouched");

            assertEquals(5, publisher.publish("pruned", bytes(5), ModelPublishingTest.metadata()).version());
            PublishResult again = publisher.publish("pruned", bytes(1), ModelPublishingTest.metadata());
            assertEquals(new PublishResult("pruned", 6, Sha256.hex(bytes(1)), false), again,
                    "bytes of a removed version are no longer a version");
        }
        List<ModelRemoval> removals = tombstones("pruned");
        assertEquals(List.of("pruned@1", "pruned@2"), removals.stream().map(ModelRemoval::key).toList());
        ModelVerifier trusting = new ModelVerifier(List.of(ModelPublishingTest.publicKey()));
        removals.forEach(removal -> assertEquals(java.util.Optional.empty(), removal.verify(trusting)));
        assertEquals(Sha256.hex(bytes(1)), removals.get(0).sha256(), "a removal names the bytes it removes");
    }

    @Test
    void publisherWithARetentionRemovesWhatFallsBeyondItAfterEachNewVersion() {
        try (ModelPublisher keepingAll = new ModelPublisher(kafka, ModelPublishingTest.signer());
             ModelPublisher keepingTwo = new ModelPublisher(kafka, ModelPublishingTest.signer(),
                     VersionRetention.newest(2))) {
            for (int v = 1; v <= 3; v++) {
                keepingAll.publish("retained", bytes(30 + v), ModelPublishingTest.metadata());
            }
            PublishResult older = keepingTwo.publish("retained", bytes(32), ModelPublishingTest.metadata());
            assertEquals(List.of(), older.removed(), "republishing an older version removes nothing");
            assertEquals(List.of(1L, 2L, 3L), listed("retained"));

            // The newest version published again (as a retry after failed removals would): the retention catches up.
            PublishResult newest = keepingTwo.publish("retained", bytes(33), ModelPublishingTest.metadata());
            assertTrue(newest.unchanged());
            assertEquals(List.of(1L), versions(newest.removed()));
            assertEquals(List.of(2L, 3L), listed("retained"));

            PublishResult fourth = keepingTwo.publish("retained", bytes(34), ModelPublishingTest.metadata());
            assertEquals(4, fourth.version());
            assertEquals(List.of(2L), versions(fourth.removed()));
            assertEquals(List.of(3L, 4L), listed("retained"));
            assertTrue(fourth.describe().endsWith("; removed version 2"), fourth.describe());
        }
        assertEquals(List.of("retained@1", "retained@2"),
                tombstones("retained").stream().map(ModelRemoval::key).toList());
    }

    @Test
    void removeTakesOneVersionButNeverTheNewestNorOneThatIsNotThere() {
        try (ModelPublisher publisher = new ModelPublisher(kafka, ModelPublishingTest.signer());
             ModelPruner pruner = new ModelPruner(kafka, ModelPublishingTest.signer())) {
            for (int v = 1; v <= 3; v++) {
                publisher.publish("yanked", bytes(10 + v), ModelPublishingTest.metadata());
            }

            assertEquals(2, pruner.remove("yanked", 2).version());
            IllegalArgumentException newest = assertThrows(IllegalArgumentException.class,
                    () -> pruner.remove("yanked", 3));
            IllegalArgumentException gone = assertThrows(IllegalArgumentException.class,
                    () -> pruner.remove("yanked", 2));
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                    () -> pruner.prune("never-published", 1));

            assertTrue(newest.getMessage().startsWith("version 3 is the newest version of yanked"), newest.getMessage());
            assertEquals("yanked has no version 2 on ganforge.models (it has versions 1, 3)", gone.getMessage());
            assertEquals("no versions of never-published on ganforge.models", unknown.getMessage());
            assertThrows(IllegalArgumentException.class, () -> pruner.beyondNewest("yanked", 0));
        }
        assertEquals(List.of(1L, 3L), listed("yanked"));
    }

    @Test
    void cliPrunesWithADryRunFirstAndRefusesBadRequestsWithOneLine() throws Exception {
        SigningKeyFiles.generate(dir);
        String key = dir.resolve(SigningKeyFiles.PRIVATE_FILE).toString();
        try (ModelPublisher publisher = new ModelPublisher(kafka, ModelPublishingTest.signer())) {
            for (int v = 1; v <= 3; v++) {
                publisher.publish("cli-pruned", bytes(20 + v), ModelPublishingTest.metadata());
            }
        }
        String sha1 = Sha256.hex(bytes(21)).substring(0, 12);

        Cli dryRun = cli("models", "prune", "--name", "cli-pruned", "--keep", "2", "--dry-run", "--key", key,
                "--bootstrap", broker.bootstrapServers());
        Cli prune = cli("models", "prune", "--name", "cli-pruned", "--keep", "2", "--key", key,
                "--bootstrap", broker.bootstrapServers());
        Cli newest = cli("models", "remove", "cli-pruned@3", "--key", key, "--bootstrap", broker.bootstrapServers());
        Cli remove = cli("models", "remove", "cli-pruned@2", "--key", key, "--bootstrap", broker.bootstrapServers());
        Cli keepNone = cli("models", "prune", "--name", "cli-pruned", "--keep", "0", "--key", key);
        Cli notAKey = cli("models", "remove", "cli-pruned", "--key", key);

        assertEquals(0, dryRun.status, dryRun.err);
        assertEquals("cli-pruned: would remove version 1 (sha256 " + sha1 + ")", dryRun.out.strip());
        assertEquals(0, prune.status, prune.err);
        assertEquals("cli-pruned: removed version 1 (sha256 " + sha1 + ")", prune.out.strip());
        assertEquals(1, newest.status);
        assertTrue(newest.err.startsWith("ganforge: version 3 is the newest version of cli-pruned"), newest.err);
        assertEquals(1, newest.err.strip().lines().count(), newest.err);
        assertEquals(0, remove.status, remove.err);
        assertEquals(List.of(3L), listed("cli-pruned"));
        assertEquals(2, keepNone.status, keepNone.err);
        assertTrue(keepNone.err.contains("--keep must be at least 1"), keepNone.err);
        assertEquals(2, notAKey.status, notAKey.err);
        assertTrue(notAKey.err.contains("expected NAME@VERSION"), notAKey.err);
        assertEquals(1, notAKey.err.strip().lines().count(), notAKey.err);
    }

    @Test
    void cliPublishKeepsTheNewestVersionsAndTheRetentionOptionsRefuseZero() throws Exception {
        SigningKeyFiles.generate(dir);
        String key = dir.resolve(SigningKeyFiles.PRIVATE_FILE).toString();
        List<Cli> publishes = new ArrayList<>();
        for (int v = 1; v <= 3; v++) {
            Path model = dir.resolve("v" + v + ".onnx");
            java.nio.file.Files.write(model, ModelPublishingTest.onnxModel(v));
            publishes.add(cli("publish", model.toString(), "--name", "cli-kept", "--keep", "2", "--force", "--key", key,
                    "--bootstrap", broker.bootstrapServers()));
        }
        Cli publishKeepNone = cli("publish", dir.resolve("v1.onnx").toString(), "--name", "cli-kept", "--keep", "0",
                "--key", key);
        Cli workerKeepNone = cli("worker", "--keep-versions", "0", "--key", key);

        for (Cli publish : publishes) {
            assertEquals(0, publish.status, publish.err);
        }
        assertTrue(publishes.get(2).out.strip().endsWith("; removed version 1"), publishes.get(2).out);
        assertEquals(List.of(2L, 3L), listed("cli-kept"));
        assertEquals(2, publishKeepNone.status, publishKeepNone.err);
        assertTrue(publishKeepNone.err.contains("--keep must be at least 1"), publishKeepNone.err);
        assertEquals(2, workerKeepNone.status, workerKeepNone.err);
        assertTrue(workerKeepNone.err.contains("--keep-versions must be at least 1"), workerKeepNone.err);
    }

    private static List<Long> listed(String name) {
        return versions(new ModelCatalog(kafka).list(name));
    }

    private static List<Long> versions(List<PublishedModel> models) {
        return models.stream().map(PublishedModel::version).toList();
    }

    private static List<ModelRemoval> tombstones(String name) {
        List<ModelRemoval> removals = new ArrayList<>();
        new TopicSnapshot(kafka, Duration.ofSeconds(60)).read(Topics.MODELS, raw -> {
            if (raw.value() == null && raw.key().startsWith(name + "@")) {
                Map<String, byte[]> headers = new HashMap<>();
                for (Header header : raw.headers()) {
                    headers.put(header.key(), header.value());
                }
                removals.add(ModelRemoval.fromHeaders(headers));
            }
        });
        return removals;
    }

    private static byte[] bytes(int seed) {
        return ModelPublishingTest.randomBytes(1_000, seed);
    }

    private record Cli(int status, String out, String err) {
    }

    private static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = GanforgeCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Cli(status, out.toString(), err.toString());
    }
}
