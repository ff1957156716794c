package dev.ganforge.trainer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.shared.contract.ControlRecord;
import dev.ganforge.shared.contract.ModelRouting;
import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.signing.ModelSigner;
import dev.ganforge.shared.signing.ModelVerifier;
import dev.ganforge.shared.testing.LocalKafkaBroker;
import dev.ganforge.trainer.cli.GanforgeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ganforge models canary|promote|abort|unpin} run as a user runs them, against a real broker: each writes the
 * signed control record the service's endpoints would, computed from the routing in force on the topic; bad input
 * is one line and a non-zero exit, and writes nothing.
 */
class RoutingCommandsTest {

    private static final String MODEL = "routed-cli";

    @AutoClose
    private static final LocalKafkaBroker broker = LocalKafkaBroker.start();
    private static final KafkaConnection kafka = new KafkaConnection(broker.bootstrapServers());

    @Test
    void canaryPromoteAbortAndUnpinWriteSignedRoutingsFromTheRoutingInForce(@TempDir Path keys) throws Exception {
        KeyPair pair = SigningKeyFiles.generate(keys);
        ModelSigner signer = SigningKeyFiles.signer(keys.resolve(SigningKeyFiles.PRIVATE_FILE));
        try (ModelPublisher models = new ModelPublisher(kafka, signer)) {
            for (int version = 1; version <= 3; version++) {
                models.publish(MODEL, ModelPublishingTest.onnxModel(version), ModelPublishingTest.metadata());
            }
        }
        String key = keys.resolve(SigningKeyFiles.PRIVATE_FILE).toString();

        assertEquals(MODEL + ": pinned to version 1", ok("pin", MODEL + "@1", "--key", key));
        assertEquals(MODEL + ": 1 with canary 3 at 20% (an abort returns to pinned to 1)",
                ok("canary", MODEL, "--canary", "3", "--weight", "20", "--key", key), "stable: the pinned version");
        assertEquals(MODEL + ": follows the newest version", ok("promote", MODEL, "--key", key),
                "the canary is the newest: follow the newest again");
        assertEquals(MODEL + ": 2 with canary 3 at 50% (an abort returns to newest)",
                ok("canary", MODEL, "--stable", "2", "--canary", "3", "--weight", "50", "--key", key));
        assertEquals(MODEL + ": pinned to version 2", ok("abort", MODEL, "--key", key),
                "following the newest would serve the aborted canary");
        assertEquals(MODEL + ": follows the newest version", ok("unpin", MODEL, "--key", key));

        assertTrue(failed("promote", MODEL, "--key", key).contains("no canary split"));
        assertTrue(failed("abort", MODEL, "--key", key).contains("no canary split"));
        assertTrue(failed("canary", MODEL, "--canary", "9", "--weight", "10", "--key", key)
                .contains(MODEL + "@9 is not on ganforge.models"));
        assertTrue(failed("canary", MODEL, "--stable", "1", "--canary", "2", "--weight", "100", "--key", key)
                .contains("canaryWeight must be 1..99"));

        List<ControlRecord> written = controlRecords();
        assertEquals(List.of(ModelRouting.pinned(1), ModelRouting.pinned(1).withCanary(1, 3, 20), ModelRouting.NEWEST,
                        ModelRouting.NEWEST.withCanary(2, 3, 50), ModelRouting.pinned(2), ModelRouting.NEWEST),
                written.stream().map(record -> record.body().routing()).toList(), "one record per accepted command");
        ModelVerifier verifier = new ModelVerifier(List.of(pair.getPublic()));
        written.forEach(record -> assertEquals(Optional.empty(), record.verify(verifier)));
        assertEquals(ModelRouting.NEWEST, new RoutingWriter(kafka, signer).current(MODEL));
    }

    private static String ok(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = GanforgeCommand.execute(new PrintWriter(out), new PrintWriter(err), command(args));
        assertEquals(0, status, err.toString());
        return out.toString().strip();
    }

    /** The one line a refused command prints; it must exit non-zero. */
    private static String failed(String... args) {
        StringWriter err = new StringWriter();
        int status = GanforgeCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), command(args));
        assertTrue(status != 0, "exit status " + status);
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        return err.toString();
    }

    private static String[] command(String... args) {
        List<String> command = new ArrayList<>(List.of("models"));
        command.addAll(List.of(args));
        command.addAll(List.of("--bootstrap", broker.bootstrapServers()));
        return command.toArray(String[]::new);
    }

    private static List<ControlRecord> controlRecords() {
        List<ControlRecord> written = new ArrayList<>();
        new TopicSnapshot(kafka, Duration.ofSeconds(30)).read(Topics.CONTROL, raw -> {
            Map<String, byte[]> headers = new HashMap<>();
            raw.headers().forEach(header -> headers.put(header.key(), header.value()));
            written.add(ControlRecord.fromKafka(raw.key(), raw.value(), headers));
        });
        return written;
    }
}
