package dev.ganforge.trainer.pipeline;

/**
 * What {@link ModelPublisher#publish} did.
 *
 * @param unchanged true when these bytes already were {@code version} of {@code name}; nothing was written
 */
public record PublishResult(String name, long version, String sha256, boolean unchanged) {

    /** One line for humans: {@code published digits version 3 (sha256 …)} or {@code unchanged, version 3}. */
    public String describe() {
        return unchanged
                ? name + ": unchanged, version " + version + " (sha256 " + sha256 + ")"
                : name + ": published version " + version + " (sha256 " + sha256 + ")";
    }
}
