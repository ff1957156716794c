package dev.ganforge.shared.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which versions of a model serve, as operators set it: the newest, one pinned version, or a canary split between a
 * stable and a canary version by weight. Travels in {@link ControlRecord}s.
 *
 * @param version       {@code pinned}: the pinned version; {@code canary}: the stable version; else null
 * @param canaryVersion {@code canary} only: the version that draws {@code canaryWeight} percent of requests
 * @param canaryWeight  {@code canary} only: 1..99, percent of requests the canary version serves
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelRouting(Mode mode, Long version, Long canaryVersion, Integer canaryWeight) {

    /** The routing every model starts with. */
    public static final ModelRouting NEWEST = new ModelRouting(Mode.NEWEST, null, null, null);

    public enum Mode {
        NEWEST, PINNED, CANARY;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static ModelRouting pinned(long version) {
        return new ModelRouting(Mode.PINNED, version, null, null);
    }

    public static ModelRouting canary(long stable, long canary, int weight) {
        return new ModelRouting(Mode.CANARY, stable, canary, weight);
    }

    /** Every problem, empty when valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (mode == null) {
            problems.add("mode must be newest, pinned or canary");
            return problems;
        }
        switch (mode) {
            case NEWEST -> {
                if (version != null || canaryVersion != null || canaryWeight != null) {
                    problems.add("newest takes no version, canaryVersion or canaryWeight");
                }
            }
            case PINNED -> {
                if (version == null || version < 1) {
                    problems.add("pinned needs version >= 1");
                }
                if (canaryVersion != null || canaryWeight != null) {
                    problems.add("pinned takes no canaryVersion or canaryWeight");
                }
            }
            case CANARY -> {
                if (version == null || version < 1 || canaryVersion == null || canaryVersion < 1) {
                    problems.add("canary needs version (stable) and canaryVersion, both >= 1");
                } else if (version.equals(canaryVersion)) {
                    problems.add("canary needs two different versions, both are " + version);
                }
                if (canaryWeight == null || canaryWeight < 1 || canaryWeight > 99) {
                    problems.add("canaryWeight must be 1..99 (percent of requests), is " + canaryWeight);
                }
            }
        }
        return problems;
    }

    /** {@code newest}, {@code pinned to 3}, {@code 3 with canary 4 at 10%}. */
    public String describe() {
        return switch (mode) {
            case NEWEST -> "newest";
            case PINNED -> "pinned to " + version;
            case CANARY -> version + " with canary " + canaryVersion + " at " + canaryWeight + "%";
        };
    }
}
