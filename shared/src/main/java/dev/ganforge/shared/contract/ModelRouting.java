package dev.ganforge.shared.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which versions of a model serve, as operators set it: the newest, one pinned version, or a canary split between a
 * stable and a canary version by weight. Travels in {@link ControlRecord}s. How a canary starts, is promoted and is
 * aborted is decided here ({@link #withCanary}, {@link #promoted}, {@link #aborted}) for the service's endpoints and
 * the CLI alike.
 *
 * @param version       {@code pinned}: the pinned version; {@code canary}: the stable version; else null
 * @param canaryVersion {@code canary} only: the version that draws {@code canaryWeight} percent of requests
 * @param canaryWeight  {@code canary} only: 1..99, percent of requests the canary version serves
 * @param previous      {@code canary} only: the routing in force when the canary started ({@code newest} or
 *                      {@code pinned}), which an abort returns to; absent in records written before it existed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelRouting(Mode mode, Long version, Long canaryVersion, Integer canaryWeight, ModelRouting previous) {

    /** The routing every model starts with. */
    public static final ModelRouting NEWEST = new ModelRouting(Mode.NEWEST, null, null, null, null);

    public enum Mode {
        NEWEST, PINNED, CANARY;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static ModelRouting pinned(long version) {
        return new ModelRouting(Mode.PINNED, version, null, null, null);
    }

    /** A canary split with no record of what came before (an abort pins {@code stable}). */
    public static ModelRouting canary(long stable, long canary, int weight) {
        return new ModelRouting(Mode.CANARY, stable, canary, weight, null);
    }

    /**
     * A canary split replacing this routing: an abort returns to this routing, or, when this is itself a split, to
     * the routing in force before it (a split replaced by another still aborts to what preceded the first).
     */
    public ModelRouting withCanary(long stable, long canary, int weight) {
        return new ModelRouting(Mode.CANARY, stable, canary, weight, mode == Mode.CANARY ? previous : this);
    }

    /**
     * The canary becomes the only version: when it is the newest version of the model ({@code newest}, as the
     * caller knows it) the model follows the newest again, so later versions take over as they arrive; otherwise a
     * newer version exists that nobody tried, and the canary is pinned.
     *
     * @throws IllegalStateException when this is no canary split
     */
    public ModelRouting promoted(long newest) {
        requireCanary();
        return canaryVersion >= newest ? NEWEST : pinned(canaryVersion);
    }

    /**
     * The canary stops serving and the routing in force before it started returns, unless that routing would serve
     * the canary itself (it followed the newest and the canary is the newest version, {@code newest}, or it pinned
     * the canary): then the stable version is pinned. A split without a {@link #previous} (written before it existed) pins the stable one.
     *
     * @throws IllegalStateException when this is no canary split
     */
    public ModelRouting aborted(long newest) {
        requireCanary();
        if (previous == null) {
            return pinned(version);
        }
        boolean servesCanary = previous.mode == Mode.NEWEST ? canaryVersion >= newest
                : canaryVersion.equals(previous.version);
        return servesCanary ? pinned(version) : previous;
    }

    private void requireCanary() {
        if (mode != Mode.CANARY) {
            throw new IllegalStateException("no canary split: " + describe());
        }
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
                if (previous != null) {
                    if (previous.mode == Mode.CANARY) {
                        problems.add("previous must be newest or pinned, not a canary split");
                    } else {
                        previous.problems().forEach(problem -> problems.add("previous: " + problem));
                    }
                }
            }
        }
        if (mode != Mode.CANARY && previous != null) {
            problems.add(mode.wireName() + " takes no previous");
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
