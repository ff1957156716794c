package dev.ganforge.trainer.pipeline;

import java.util.List;

/**
 * What {@link ModelPublisher#publish} did.
 *
 * @param unchanged true when these bytes already were {@code version} of {@code name}; nothing new was written
 * @param removed   older versions the publisher's {@link VersionRetention} removed, oldest first
 */
public record PublishResult(String name, long version, String sha256, boolean unchanged,
                            List<PublishedModel> removed) {

    public PublishResult {
        removed = List.copyOf(removed);
    }

    /** Nothing removed. */
    public PublishResult(String name, long version, String sha256, boolean unchanged) {
        this(name, version, sha256, unchanged, List.of());
    }

    /**
     * One line for humans: {@code digits: published version 3 (sha256 …)} or {@code digits: unchanged, version 3
     * (…)}, then {@code ; removed versions 1, 2} when the retention removed some.
     */
    public String describe() {
        String what = unchanged
                ? name + ": unchanged, version " + version + " (sha256 " + sha256 + ")"
                : name + ": published version " + version + " (sha256 " + sha256 + ")";
        if (removed.isEmpty()) {
            return what;
        }
        return what + "; removed version" + (removed.size() == 1 ? " " : "s ")
                + PublishedModel.versionNumbers(removed);
    }
}
