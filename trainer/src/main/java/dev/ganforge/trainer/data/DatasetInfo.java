package dev.ganforge.trainer.data;

/**
 * What {@code ganforge datasets list} knows about a dataset without loading it.
 *
 * @param spec         the string to pass to {@code --dataset}
 * @param description  one line on what it is
 * @param available    whether the files are present locally
 * @param trainCount   samples training may use (0 when unavailable)
 * @param heldOutCount samples kept for evaluation (0 when unavailable)
 * @param location     where the files are or would be
 * @param hint         when unavailable, the command that gets it; otherwise empty
 */
public record DatasetInfo(
        String spec,
        String description,
        boolean available,
        int trainCount,
        int heldOutCount,
        String location,
        String hint) {
}
