package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.contract.ModelRemoval;
import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.signing.ModelSigner;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Takes versions off {@link Topics#MODELS} with signed {@link ModelRemoval}s (tombstones). Every replica replays the
 * whole topic on start, so a topic that keeps every version makes each restart read all of them (203 versions of a
 * 28 MB model: 5.7 GB, 17–21 s to ready, docs/benchmarks.md); once compacted, a pruned topic holds only what is kept.
 *
 * <p>The newest version of a name is never removed: the next version number is one above the newest on the topic,
 * so removing it would hand its number to different bytes, which every running service rejects.
 */
public final class ModelPruner implements AutoCloseable {

    private final ModelCatalog catalog;
    private final ModelSigner signer;
    private final ModelTopicWriter writer;

    public ModelPruner(KafkaConnection kafka, ModelSigner signer) {
        this.catalog = new ModelCatalog(kafka);
        this.signer = signer;
        this.writer = new ModelTopicWriter(kafka, "ganforge-pruner");
    }

    /**
     * The versions of {@code name} older than its newest {@code keep}, oldest first: what {@link #prune} removes.
     *
     * @throws IllegalArgumentException when {@code keep} is below 1 or {@code name} has no version
     */
    public List<PublishedModel> beyondNewest(String name, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("at least the newest version must be kept, asked to keep " + keep);
        }
        List<PublishedModel> versions = versionsOf(name);
        return versions.subList(0, Math.max(0, versions.size() - keep));
    }

    /** Removes every version of {@code name} older than its newest {@code keep}; returns them, oldest first. */
    public List<PublishedModel> prune(String name, int keep) {
        List<PublishedModel> removed = beyondNewest(name, keep);
        removed.forEach(this::writeRemoval);
        return removed;
    }

    /**
     * Removes one version, e.g. one that should never have been published.
     *
     * @throws IllegalArgumentException when it is not on the topic, or is the newest version of {@code name}
     */
    public PublishedModel remove(String name, long version) {
        List<PublishedModel> versions = versionsOf(name);
        PublishedModel newest = versions.get(versions.size() - 1);
        PublishedModel target = versions.stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " has no version " + version + " on "
                        + Topics.MODELS + " (it has " + describe(versions) + ")"));
        if (target == newest) {
            throw new IllegalArgumentException("version " + version + " is the newest version of " + name
                    + " and cannot be removed (the next publish would reuse its number); publish a newer version "
                    + "first, or pin an older one in the services");
        }
        writeRemoval(target);
        return target;
    }

    private void writeRemoval(PublishedModel version) {
        ModelRemoval removal = ModelRemoval.sign(version.name(), version.version(), version.sha256(), signer);
        writer.write(removal.key(), null, removal.headers());
    }

    private List<PublishedModel> versionsOf(String name) {
        List<PublishedModel> versions = catalog.list(name);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("no versions of " + name + " on " + Topics.MODELS);
        }
        return versions;
    }

    private static String describe(List<PublishedModel> versions) {
        return (versions.size() == 1 ? "only version " : "versions ") + versions.stream()
                .map(v -> Long.toString(v.version())).collect(Collectors.joining(", "));
    }

    @Override
    public void close() {
        writer.close();
    }
}
