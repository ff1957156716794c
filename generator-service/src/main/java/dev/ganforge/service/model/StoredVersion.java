package dev.ganforge.service.model;

import dev.ganforge.shared.model.ModelMetadata;
import java.time.Instant;

/**
 * What the registry holds for one received version, one type per state, so that what a version has (bytes, a
 * session, a rejection reason) follows from where it stands. The transitions: {@link Staged} (start-up replay)
 * → {@link Loaded} or {@link Evicted}; {@link Loaded} → {@link Evicted}; a failing load or check → {@link Rejected}.
 * A removal takes any of them out of the registry altogether.
 */
sealed interface StoredVersion {

    long version();

    /** SHA-256 of the bytes received; null only for a rejected record that did not say. */
    String sha256();

    Instant receivedAt();

    /** What every verified version keeps, whatever its state. */
    record Receipt(long version, String sha256, String keyId, ModelMetadata metadata, Instant receivedAt) {

        static Receipt of(VerifiedRecord record, Instant at) {
            return new Receipt(record.version(), record.sha256(), record.keyId(), record.metadata(), at);
        }
    }

    /** Verified and accepted: may serve (when loaded) and is listed with its metadata. */
    sealed interface Accepted extends StoredVersion {

        Receipt receipt();

        @Override
        default long version() {
            return receipt().version();
        }

        @Override
        default String sha256() {
            return receipt().sha256();
        }

        @Override
        default Instant receivedAt() {
            return receipt().receivedAt();
        }

        /** Unloaded to bound memory ({@link Evicted#neverLoaded} when it was still staged). */
        Evicted evicted();
    }

    /** Verified during the start-up replay; its bytes wait for {@code loadStaged}. */
    record Staged(Receipt receipt, VerifiedRecord record) implements Accepted {

        @Override
        public Evicted evicted() {
            return new Evicted(receipt, true);
        }
    }

    /** Its ONNX Runtime session is open; the registry holds one reference on {@code session}. */
    record Loaded(Receipt receipt, ServingVersion session) implements Accepted {

        @Override
        public Evicted evicted() {
            return new Evicted(receipt, false);
        }
    }

    /** Verified, but holds no session to bound memory; listed, no longer pinnable. */
    record Evicted(Receipt receipt, boolean neverLoaded) implements Accepted {

        @Override
        public Evicted evicted() {
            return this;
        }
    }

    /** Failed a check; never serves. */
    record Rejected(long version, String sha256, String reason, Instant receivedAt) implements StoredVersion {
    }
}
