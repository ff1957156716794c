package dev.ganforge.service.model;

import dev.ganforge.shared.contract.ControlRecord;
import dev.ganforge.shared.contract.ModelRecord;
import dev.ganforge.shared.contract.ModelRemoval;
import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.signing.ModelVerifier;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks everything about a model record that can be checked without ONNX Runtime: size, digest, Ed25519
 * signature and metadata sanity. The signature covers the metadata header, so once it verifies the metadata
 * can be trusted to describe the graph.
 */
public final class RecordVerifier {

    private static final Set<String> DISTRIBUTIONS = Set.of("normal", "uniform");
    private static final Set<String> OUTPUT_KINDS = Set.of("image", "curve");

    private final ModelVerifier signatures;

    public RecordVerifier(ModelVerifier signatures) {
        this.signatures = Objects.requireNonNull(signatures, "signatures");
    }

    public VerifiedRecord verify(ModelRecord record) throws ModelRejectedException {
        if (record.bytes().length > Topics.MAX_MODEL_RECORD_BYTES) {
            throw new ModelRejectedException("model is " + record.bytes().length + " bytes, more than the limit "
                    + Topics.MAX_MODEL_RECORD_BYTES);
        }
        Optional<String> problem = record.verify(signatures);
        if (problem.isPresent()) {
            throw new ModelRejectedException(problem.get());
        }
        ModelMetadata metadata;
        try {
            metadata = record.metadata();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ModelRejectedException("metadata header is not valid model metadata: " + e.getMessage());
        }
        checkMetadata(record.name(), metadata);
        return new VerifiedRecord(record.name(), record.version(), record.sha256(), record.keyId(),
                metadata.withName(record.name()), record.bytes());
    }

    /** A removal counts only when a trusted key signed it, as for the version it removes. */
    public void verify(ModelRemoval removal) throws ModelRejectedException {
        Optional<String> problem = removal.verify(signatures);
        if (problem.isPresent()) {
            throw new ModelRejectedException(problem.get());
        }
    }

    /** A control record counts only when a trusted key signed it. */
    public void verify(ControlRecord record) throws ModelRejectedException {
        Optional<String> problem = record.verify(signatures);
        if (problem.isPresent()) {
            throw new ModelRejectedException(problem.get());
        }
    }

    private static void checkMetadata(String name, ModelMetadata metadata) throws ModelRejectedException {
        if (metadata.name() != null && !metadata.name().equals(name)) {
            throw new ModelRejectedException("metadata names model '" + metadata.name() + "' but the record is for '"
                    + name + "'");
        }
        if (metadata.latentSize() < 1) {
            throw new ModelRejectedException("metadata latentSize must be positive, is " + metadata.latentSize());
        }
        if (!DISTRIBUTIONS.contains(metadata.latentDistribution())) {
            throw new ModelRejectedException("metadata latentDistribution must be one of " + DISTRIBUTIONS
                    + ", is " + metadata.latentDistribution());
        }
        if (metadata.labelCount() < 0) {
            throw new ModelRejectedException("metadata labelCount must not be negative");
        }
        if (!OUTPUT_KINDS.contains(metadata.outputKind())) {
            throw new ModelRejectedException("metadata outputKind must be one of " + OUTPUT_KINDS + ", is "
                    + metadata.outputKind());
        }
        if (metadata.outputShape().isEmpty() || metadata.outputShape().stream().anyMatch(d -> d == null || d < 1)) {
            throw new ModelRejectedException("metadata outputShape must be non-empty positive dimensions, is "
                    + metadata.outputShape());
        }
    }
}
