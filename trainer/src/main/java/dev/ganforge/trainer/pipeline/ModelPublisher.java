package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.contract.ModelRecord;
import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.signing.ModelSigner;
import dev.ganforge.shared.signing.Sha256;
import dev.ganforge.trainer.evaluate.GateDecision;
import dev.ganforge.trainer.evaluate.QualityGateRefusal;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Signs a model and appends it to {@link Topics#MODELS} as the next version of its name. The next version is
 * one above the newest on the topic; bytes whose SHA-256 equals an existing version of the name, signed by the
 * same key, make no new version. That check also makes a retried publish (say, after the broker came back)
 * harmless. The same bytes under another key do make one: after a key rotation the services may trust only the
 * new key, and republishing is how an operator gets an old model served again.
 *
 * <p>With a {@link VersionRetention} other than {@link VersionRetention#ALL}, each publish that leaves its version
 * the newest also removes the versions beyond the retention ({@link ModelPruner}); an "unchanged" publish of the
 * newest version does too, so a publish retried after its removals failed finishes them.
 *
 * <p>Two publishers racing on the same name could pick the same version; the worker is the only automated
 * publisher and handles one request at a time, which is why the requests topic has one partition.
 */
public final class ModelPublisher implements AutoCloseable {

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
        List<PublishedModel> versions = catalog.list(name);
        List<PublishedModel> sameBytes = versions.stream().filter(v -> v.sha256().equals(sha)).toList();
        Optional<PublishedModel> sameKey = sameBytes.stream().filter(v -> signer.keyId().equals(v.keyId())).findFirst();
        Optional<PublishedModel> newest = versions.stream().max(Comparator.comparingLong(PublishedModel::version));
        if (sameKey.isPresent()) {
            // Only for the newest: on an older version the retention could remove the version this publish names.
            List<PublishedModel> removed = sameKey.get().equals(newest.orElseThrow())
                    ? pruner.removeAll(retention.beyond(versions)) : List.of();
            return new PublishResult(name, sameKey.get().version(), sha, true, removed);
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
        writer.write(record.key(), onnx, record.headers());
        return new PublishResult(name, version, sha, false, pruner.removeAll(retention.beyond(versions, 1)));
    }

    @Override
    public void close() {
        writer.close();
    }
}
