package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.contract.ModelRecord;
import dev.ganforge.shared.contract.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * What is published on {@link Topics#MODELS}, read as a snapshot up to the current end. Records that do not
 * decode as a {@link ModelRecord} are skipped: they are not versions (the service rejects them loudly).
 */
public final class ModelCatalog {

    private final TopicSnapshot snapshot;

    public ModelCatalog(KafkaConnection kafka, Duration timeout) {
        this.snapshot = new TopicSnapshot(kafka, timeout);
    }

    public ModelCatalog(KafkaConnection kafka) {
        this(kafka, Duration.ofSeconds(60));
    }

    /** Every version, or those of one name when {@code name} is not null, ordered by name then version. */
    public List<PublishedModel> list(String name) {
        List<PublishedModel> models = new ArrayList<>();
        scan(name, (record, raw) -> models.add(PublishedModel.of(record, raw.offset(),
                Instant.ofEpochMilli(raw.timestamp()))));
        models.sort(Comparator.comparing(PublishedModel::name).thenComparingLong(PublishedModel::version));
        return models;
    }

    /** The record of {@code name@version}, with its bytes. */
    public Optional<ModelRecord> fetch(String name, long version) {
        AtomicReference<ModelRecord> found = new AtomicReference<>();
        scan(name, (record, raw) -> {
            if (record.version() == version) {
                found.set(record);
            }
        });
        return Optional.ofNullable(found.get());
    }

    private void scan(String name, BiConsumer<ModelRecord, ConsumerRecord<String, byte[]>> visitor) {
        String keyPrefix = name == null ? null : name + "@";
        snapshot.read(Topics.MODELS, raw -> {
            // The key names the model, so other models' (large) values need not be decoded.
            if (keyPrefix != null && (raw.key() == null || !raw.key().startsWith(keyPrefix))) {
                return;
            }
            decode(raw).filter(record -> name == null || name.equals(record.name()))
                    .ifPresent(record -> visitor.accept(record, raw));
        });
    }

    private static Optional<ModelRecord> decode(ConsumerRecord<String, byte[]> raw) {
        Map<String, byte[]> headers = new HashMap<>();
        for (Header header : raw.headers()) {
            headers.put(header.key(), header.value());
        }
        try {
            return Optional.of(ModelRecord.fromHeaders(headers, raw.value()));
        } catch (IllegalArgumentException notAModel) {
            return Optional.empty();
        }
    }
}
