package dev.ganforge.service.model;

import dev.ganforge.shared.model.ModelMetadata;

/** A record whose digest, signature and metadata checked out; the ONNX graph itself is not yet loaded. */
public record VerifiedRecord(String name, long version, String sha256, String keyId, ModelMetadata metadata,
                             byte[] onnx) {
}
