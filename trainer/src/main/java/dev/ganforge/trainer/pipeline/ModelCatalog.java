package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.contract.ModelRecord;
import dev.ganforge.shared.contract.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * What is published on {@link Topics#MODELS}, read as a snapshot up to the current end. Records that do not
 * decode as a {@link ModelRecord} are skipped: they are not versions (the service rejects them loudly). A version
 * whose key has a later tombstone ({@link dev.ganforge.shared.contract.ModelRemoval}) is gone. Publishers write the
 * versions of a name in increasing order ({@link VersionClaim}), so a record whose version is not above every
 * earlier version of its name is a replay (an old record produced again) and is skipped, as the services skip it.
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
        List<PublishedModel> models = new ArrayList<>(scan(name, (record, raw) -> PublishedModel.of(record,
                raw.offset(), Instant.ofEpochMilli(raw.timestamp()))));
        models.sort(Comparator.comparing(PublishedModel::name).thenComparingLong(PublishedModel::version));
        return models;
    }

    /** The record of {@code name@version}, with its bytes. */
    public Optional<ModelRecord> fetch(String name, long version) {
        return scan(name, (record, raw) -> record.version() == version ? record : null).stream().findFirst();
    }

    /**
     * What {@code visitor} makes of each version still on the topic (null: nothing). A tombstone takes the version
     * under its key out, whoever wrote it, because compaction will take that version's record out of the log
     * anyway; results are kept per key so that no version's bytes outlive the visit.
     */
    private <T> Collection<T> scan(String name, BiFunction<ModelRecord, ConsumerRecord<String, byte[]>, T> visitor) {
        String keyPrefix = name == null ? null : name + "@";
        Map<String, T> live = new LinkedHashMap<>();
        Map<String, Long> highest = new HashMap<>();
        snapshot.read(Topics.MODELS, raw -> {
            // The key names the model, so other models' (large) values need not be decoded.
            if (keyPrefix != null && (raw.key() == null || !raw.key().startsWith(keyPrefix))) {
                return;
            }
            if (raw.value() == null) {
                live.remove(raw.key());
                return;
            }
            decode(raw).filter(record -> name == null || name.equals(record.name()))
                    .filter(record -> record.version() > highest.getOrDefault(record.name(), 0L))
                    .map(record -> {
                        highest.put(record.name(), record.version());
                        return visitor.apply(record, raw);
                    })
                    .ifPresent(result -> live.put(raw.key(), result));
        });
        return live.values();
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
