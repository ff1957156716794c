package dev.ganforge.trainer.pipeline;

import java.util.List;

/**
 * How many of a model's newest versions stay on {@link dev.ganforge.shared.contract.Topics#MODELS}; {@link #ALL}
 * keeps every version. The newest version is always kept (see {@link ModelPruner}).
 *
 * @param keep the newest versions kept, or 0 for all of them
 */
public record VersionRetention(int keep) {

    public static final VersionRetention ALL = new VersionRetention(0);

    public VersionRetention {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must be 0 (all versions) or more, got " + keep);
        }
    }

    /**
     * @throws IllegalArgumentException when {@code keep} is below 1: the newest version cannot be removed
     */
    public static VersionRetention newest(int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("at least the newest version must be kept, asked to keep " + keep);
        }
        return new VersionRetention(keep);
    }

    /** The versions this retention removes from {@code versions} (one model's, oldest first), oldest first. */
    public List<PublishedModel> beyond(List<PublishedModel> versions) {
        return beyond(versions, 0);
    }

    /**
     * As {@link #beyond(List)} when {@code newer} versions, newer than all of {@code versions}, are not in the list
     * (a publisher's view just after it wrote one).
     */
    public List<PublishedModel> beyond(List<PublishedModel> versions, int newer) {
        return keep == 0 ? List.of() : versions.subList(0, Math.max(0, versions.size() - Math.max(0, keep - newer)));
    }

    /** For humans: {@code all versions} or {@code the newest 3 versions}. */
    public String describe() {
        return keep == 0 ? "all versions" : keep == 1 ? "the newest version" : "the newest " + keep + " versions";
    }
}
