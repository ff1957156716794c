package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.contract.ModelRemoval;
import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.signing.ModelSigner;
import java.util.List;

/**
 * Takes versions off {@link Topics#MODELS} with signed {@link ModelRemoval}s (tombstones). Every replica replays the
 * whole topic on start, so a topic that keeps every version makes each restart read all of them, and start-up grows
 * with the history (docs/benchmarks.md, "Cold start and memory of the service"); once compacted, a pruned topic
 * holds only what is kept.
 *
 * <p>The newest version of a name is never removed: the next version number is one above the newest on the topic,
 * so removing it would hand its number to different bytes, which every running service rejects.
 */
public final class ModelPruner implements AutoCloseable {

    private final ModelCatalog catalog;
    private final ModelSigner signer;
    private final ModelTopicWriter writer;

    public ModelPruner(KafkaConnection kafka, ModelSigner signer) {
        this(new ModelCatalog(kafka), signer, new ModelTopicWriter(kafka, "ganforge-pruner"));
    }

    /** Over a catalog and writer it shares (with {@link ModelPublisher}); closing it closes {@code writer}. */
    ModelPruner(ModelCatalog catalog, ModelSigner signer, ModelTopicWriter writer) {
        this.catalog = catalog;
        this.signer = signer;
        this.writer = writer;
    }

    /**
     * The versions of {@code name} older than its newest {@code keep}, oldest first: what {@link #prune} removes.
     *
     * @throws IllegalArgumentException when {@code keep} is below 1 or {@code name} has no version
     */
    public List<PublishedModel> beyondNewest(String name, int keep) {
        VersionRetention retention = VersionRetention.newest(keep);
        return retention.beyond(versionsOf(name));
    }

    /** Removes every version of {@code name} older than its newest {@code keep}; returns them, oldest first. */
    public List<PublishedModel> prune(String name, int keep) {
        return removeAll(beyondNewest(name, keep));
    }

    /**
     * Removes {@code versions}, which the caller has just read from the topic and checked against the newest
     * (as {@link VersionRetention#beyond} does); returns them.
     */
    List<PublishedModel> removeAll(List<PublishedModel> versions) {
        writer.writeAll(versions.stream().map(version -> {
            ModelRemoval removal = ModelRemoval.sign(version.name(), version.version(), version.sha256(), signer);
            return new ModelTopicWriter.Outgoing(removal.key(), null, removal.headers());
        }).toList());
        return versions;
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
        removeAll(List.of(target));
        return target;
    }

    private List<PublishedModel> versionsOf(String name) {
        List<PublishedModel> versions = catalog.list(name);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("no versions of " + name + " on " + Topics.MODELS);
        }
        return versions;
    }

    private static String describe(List<PublishedModel> versions) {
        return (versions.size() == 1 ? "only version " : "versions ") + PublishedModel.versionNumbers(versions);
    }

    @Override
    public void close() {
        writer.close();
    }
}
