package dev.ganforge.service.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a received model version stands. */
public enum VersionState {
    /** Serving requests. */
    ACTIVE,
    /** Verified and kept loaded, ready to be pinned. */
    STANDBY,
    /**
     * Verified during this replica's start-up replay of the models topic; loads (and may then serve) once the
     * replay is complete. Not pinnable yet.
     */
    PENDING,
    /**
     * Verified, but unloaded to bound memory ({@code ganforge.models.retained-versions}); listed, no longer
     * pinnable.
     */
    EVICTED,
    /** Failed a check; never serves. */
    REJECTED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
