package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.contract.ModelRecord;
import dev.ganforge.shared.model.ModelMetadata;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One version on the models topic, without its bytes (listing must not hold every model in memory).
 *
 * @param offset      position on the topic, for fetching the bytes later
 * @param publishedAt broker-side record timestamp
 */
public record PublishedModel(String name, long version, String sha256, String keyId, long sizeBytes,
                             Instant publishedAt, long offset, ModelMetadata metadata) {

    /** {@code 1, 3, 4}: the version numbers of {@code versions}, for messages. */
    static String versionNumbers(List<PublishedModel> versions) {
        return versions.stream().map(v -> Long.toString(v.version())).collect(Collectors.joining(", "));
    }

    static PublishedModel of(ModelRecord record, long offset, Instant publishedAt) {
        ModelMetadata metadata;
        try {
            metadata = record.metadata();
        } catch (IllegalArgumentException unreadable) {
            metadata = null;
        }
        return new PublishedModel(record.name(), record.version(), record.sha256(), record.keyId(),
                record.bytes().length, publishedAt, offset, metadata);
    }
}
