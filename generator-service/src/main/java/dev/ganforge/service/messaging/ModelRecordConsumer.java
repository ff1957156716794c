package dev.ganforge.service.messaging;

import dev.ganforge.service.model.ModelRegistry;
import dev.ganforge.shared.contract.ModelRecord;
import dev.ganforge.shared.contract.ModelRecordHeaders;
import dev.ganforge.shared.contract.ModelRemoval;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Feeds {@code ganforge.models} into the {@link ModelRegistry}. The channel reads the topic from the beginning
 * under a group id unique to this process (see application.properties), so every replica rebuilds the full
 * history on start. Until that replay reaches the end the topic had at start ({@link ModelTopicReplay}), records
 * are only verified and staged; the registry loads the ones it keeps when the replay is complete. Nothing escapes
 * this method: a record that cannot even be decoded is rejected like any other
 * bad record, and the stream goes on. A tombstone (null value) is a {@link ModelRemoval}: it removes a version, during
 * the replay as afterwards.
 */
@ApplicationScoped
public class ModelRecordConsumer {

    private static final Logger LOG = Logger.getLogger(ModelRecordConsumer.class);

    private final ModelRegistry registry;
    private final ModelTopicReplay replay;

    public ModelRecordConsumer(ModelRegistry registry, ModelTopicReplay replay) {
        this.registry = registry;
        this.replay = replay;
    }

    @Incoming("models")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        boolean replaying = !replay.caughtUp();
        try {
            handle(record, replaying);
        } finally {
            replay.handled(record.partition(), record.offset());
            if (replaying && replay.caughtUp()) {
                registry.loadStaged();
            }
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record, boolean replaying) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value());
        }
        if (record.value() == null) {
            handleRemoval(record, headers);
            return;
        }
        ModelRecord decoded;
        try {
            decoded = ModelRecord.fromHeaders(headers, record.value());
        } catch (IllegalArgumentException e) {
            registry.rejectUndecodable(text(headers, ModelRecordHeaders.MODEL_NAME),
                    text(headers, ModelRecordHeaders.MODEL_VERSION),
                    "undecodable record at " + record.topic() + "-" + record.partition() + "@" + record.offset()
                            + ": " + e.getMessage());
            return;
        }
        try {
            if (replaying) {
                registry.stage(decoded);
            } else {
                registry.offer(decoded);
            }
        } catch (RuntimeException e) {
            // The registry rejects bad records itself; reaching here is a bug, which must not stop the stream.
            LOG.errorf(e, "unexpected failure handling %s", decoded);
            registry.rejectUndecodable(decoded.name(), Long.toString(decoded.version()),
                    "internal error: " + e.getMessage());
        }
    }

    private void handleRemoval(ConsumerRecord<String, byte[]> record, Map<String, byte[]> headers) {
        ModelRemoval removal;
        try {
            removal = ModelRemoval.fromHeaders(headers);
        } catch (IllegalArgumentException e) {
            registry.rejectRemoval(text(headers, ModelRecordHeaders.MODEL_NAME),
                    text(headers, ModelRecordHeaders.MODEL_VERSION),
                    "undecodable tombstone at " + record.topic() + "-" + record.partition() + "@" + record.offset()
                            + " (key " + record.key() + "): " + e.getMessage());
            return;
        }
        if (!removal.key().equals(record.key())) {
            // Compaction acts on the key; honouring headers that name another version would diverge from the log.
            registry.rejectRemoval(removal.name(), Long.toString(removal.version()), "tombstone key '" + record.key()
                    + "' is not the key of the version its headers name, '" + removal.key() + "'");
            return;
        }
        try {
            registry.remove(removal);
        } catch (RuntimeException e) {
            LOG.errorf(e, "unexpected failure handling the removal of %s", removal.key());
            registry.rejectRemoval(removal.name(), Long.toString(removal.version()), "internal error: " + e.getMessage());
        }
    }

    private static String text(Map<String, byte[]> headers, String key) {
        byte[] value = headers.get(key);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
