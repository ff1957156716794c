package dev.ganforge.service.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ganforge.shared.model.ModelMetadata;
import java.time.Instant;

/**
 * One received version as operators see it.
 *
 * @param reason why it was rejected or evicted; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelVersionView(long version, VersionState state, String reason, String sha256, String keyId,
                               Instant receivedAt, ModelMetadata metadata) {
}
