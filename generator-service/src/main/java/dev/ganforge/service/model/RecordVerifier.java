package dev.ganforge.service.model;

import dev.ganforge.shared.contract.ModelRecordHeaders;
import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.signing.ModelVerifier;
import dev.ganforge.shared.signing.Sha256;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks everything about a model record that can be checked without ONNX Runtime: headers, digest,
 * Ed25519 signature and metadata sanity. The signature covers the metadata header, so once it verifies the
 * metadata can be trusted to describe the graph.
 */
public final class RecordVerifier {

    private static final Set<String> DISTRIBUTIONS = Set.of("normal", "uniform");
    private static final Set<String> OUTPUT_KINDS = Set.of("image", "curve");

    private final ModelVerifier signatures;

    public RecordVerifier(ModelVerifier signatures) {
        this.signatures = Objects.requireNonNull(signatures, "signatures");
    }

    public VerifiedRecord verify(ModelCandidate candidate) throws ModelRejectedException {
        String name = require(candidate.name(), ModelRecordHeaders.MODEL_NAME);
        long version = parseVersion(require(candidate.version(), ModelRecordHeaders.MODEL_VERSION));
        byte[] onnx = candidate.onnx();
        if (onnx == null || onnx.length == 0) {
            throw new ModelRejectedException("record has no ONNX bytes");
        }
        if (onnx.length > Topics.MAX_MODEL_RECORD_BYTES) {
            throw new ModelRejectedException("model is " + onnx.length + " bytes, more than the limit "
                    + Topics.MAX_MODEL_RECORD_BYTES);
        }
        String declaredSha = require(candidate.sha256(), ModelRecordHeaders.SHA256);
        String actualSha = Sha256.hex(onnx);
        if (!actualSha.equalsIgnoreCase(declaredSha.trim())) {
            throw new ModelRejectedException("SHA-256 mismatch: header says " + declaredSha + ", bytes hash to "
                    + actualSha);
        }
        String metadataJson = require(candidate.metadataJson(), ModelRecordHeaders.METADATA);
        Optional<String> signatureProblem = signatures.check(name, version, declaredSha, metadataJson,
                candidate.keyId(), candidate.signature());
        if (signatureProblem.isPresent()) {
            throw new ModelRejectedException(signatureProblem.get());
        }
        ModelMetadata metadata;
        try {
            metadata = ModelMetadata.fromJson(metadataJson);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ModelRejectedException("metadata header is not valid model metadata: " + e.getMessage());
        }
        checkMetadata(name, metadata);
        return new VerifiedRecord(name, version, actualSha, candidate.keyId(), metadata.withName(name), onnx);
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

    private static String require(String value, String header) throws ModelRejectedException {
        if (value == null || value.isBlank()) {
            throw new ModelRejectedException("header " + header + " is missing");
        }
        return value;
    }

    private static long parseVersion(String text) throws ModelRejectedException {
        try {
            long version = Long.parseLong(text.trim());
            if (version < 1) {
                throw new ModelRejectedException("version must be at least 1, is " + version);
            }
            return version;
        } catch (NumberFormatException e) {
            throw new ModelRejectedException("version header '" + text + "' is not a number");
        }
    }
}
