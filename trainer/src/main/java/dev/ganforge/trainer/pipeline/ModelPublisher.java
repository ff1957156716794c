package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.contract.ModelRecord;
import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.signing.ModelSigner;
import dev.ganforge.shared.signing.Sha256;
import dev.ganforge.trainer.evaluate.GateDecision;
import dev.ganforge.trainer.evaluate.QualityGateRefusal;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Signs a model and appends it to {@link Topics#MODELS} as the next version of its name. The next version is
 * one above the newest on the topic, read and written while holding the name's {@link VersionClaim} (a Kafka
 * transaction), so any number of publishers of one name at once get distinct, increasing versions; bytes whose SHA-256 equals an existing version of the name, signed by the
 * same key, make no new version. That check also makes a retried publish (say, after the broker came back)
 * harmless. The same bytes under another key do make one: after a key rotation the services may trust only the
 * new key, and republishing is how an operator gets an old model served again.
 *
 * <p>With a {@link VersionRetention} other than {@link VersionRetention#ALL}, each publish that leaves its version
 * the newest also removes the versions beyond the retention ({@link ModelPruner}); an "unchanged" publish of the
 * newest version does too, so a publish retried after its removals failed finishes them.
 */
public final class ModelPublisher implements AutoCloseable {

    /** How long a publish keeps trying while other publishers of the same name hold the version claim. */
    private static final Duration CLAIM_PATIENCE = Duration.ofMinutes(5);

    private final KafkaConnection kafka;
    private final ModelCatalog catalog;
    private final ModelSigner signer;
    private final ModelTopicWriter writer;
    private final VersionRetention retention;
    private final ModelPruner pruner;

    /** Keeps every version. */
    public ModelPublisher(KafkaConnection kafka, ModelSigner signer) {
        this(kafka, signer, VersionRetention.ALL);
    }

    public ModelPublisher(KafkaConnection kafka, ModelSigner signer, VersionRetention retention) {
        this.kafka = kafka;
        this.catalog = new ModelCatalog(kafka);
        this.signer = signer;
        this.writer = new ModelTopicWriter(kafka, "ganforge-publisher");
        this.retention = retention;
        this.pruner = new ModelPruner(catalog, signer, writer);
    }

    /** Publishes without a quality gate. */
    public PublishResult publish(String name, byte[] onnx, ModelMetadata metadata) {
        return publish(name, onnx, metadata, PublishGate.OPEN);
    }

    /**
     * @param gate asked, against the newest version, before a new version is written (not for a first version,
     *             nor for bytes that already are a version)
     * @throws QualityGateRefusal when {@code gate} refuses; nothing was written
     */
    public PublishResult publish(String name, byte[] onnx, ModelMetadata metadata, PublishGate gate) {
        if (onnx.length > Topics.MAX_MODEL_RECORD_BYTES - 1024 * 1024) {
            throw new IllegalArgumentException("model is " + onnx.length + " bytes; at most "
                    + (Topics.MAX_MODEL_RECORD_BYTES - 1024 * 1024) + " fit on " + Topics.MODELS);
        }
        String sha = Sha256.hex(onnx);
        Written written = VersionClaim.holding(kafka, name, CLAIM_PATIENCE, claim -> {
            List<PublishedModel> versions = catalog.list(name);
            List<PublishedModel> sameBytes = versions.stream().filter(v -> v.sha256().equals(sha)).toList();
            Optional<PublishedModel> sameKey = sameBytes.stream().filter(v -> signer.keyId().equals(v.keyId()))
                    .findFirst();
            Optional<PublishedModel> newest = versions.stream().max(Comparator.comparingLong(PublishedModel::version));
            if (sameKey.isPresent()) {
                return new Written(sameKey.get().version(), true, sameKey.get().equals(newest.orElseThrow()),
                        versions);
            }
            // Bytes that already are a version passed the gate then; signing them anew is not a quality question.
            if (newest.isPresent() && sameBytes.isEmpty()) {
                Optional<GateDecision> refusal = gate.refusal(metadata, newest.get());
                if (refusal.isPresent()) {
                    throw new QualityGateRefusal(name, newest.get().version(), refusal.get());
                }
            }
            long version = newest.map(PublishedModel::version).orElse(0L) + 1;
            ModelRecord record = ModelRecord.sign(name, version, onnx, metadata, signer);
            claim.write(record.key(), onnx, record.headers());
            return new Written(version, false, true, versions);
        });
        // Removals need no claim: they name versions below the newest, which no publisher writes again.
        List<PublishedModel> removed;
        if (written.unchanged()) {
            // Only for the newest: on an older version the retention could remove the version this publish names.
            removed = written.newest() ? pruner.removeAll(retention.beyond(written.before())) : List.of();
        } else {
            removed = pruner.removeAll(retention.beyond(written.before(), 1));
        }
        return new PublishResult(name, written.version(), sha, written.unchanged(), removed);
    }

    /** What the claimed step did: the version it wrote (or found), and the versions it read before. */
    private record Written(long version, boolean unchanged, boolean newest, List<PublishedModel> before) {
    }

    @Override
    public void close() {
        writer.close();
    }
}
