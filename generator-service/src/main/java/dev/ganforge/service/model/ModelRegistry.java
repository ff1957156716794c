package dev.ganforge.service.model;

import dev.ganforge.shared.contract.ModelRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Every model version the service has received, and which one serves each model name.
 *
 * <p>Records are offered one at a time (from Kafka, or directly in tests). A record is verified, loaded and
 * smoke-tested before it is recorded as accepted; only then may it become active. Swaps are atomic: requests
 * lease the active version lock-free, and a replaced version is closed when its last lease is returned, so no
 * request ever sees a closed session. Mutations are serialised on the registry; reads never block on them.
 */
public final class ModelRegistry implements AutoCloseable {

    public static final String BECAUSE_NEWEST = "newest";
    public static final String BECAUSE_PINNED = "pinned";

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final RecordVerifier verifier;
    private final GeneratorLoader loader;
    private final RegistryListener listener;
    private final Clock clock;
    private final Map<String, ModelLine> lines = new ConcurrentHashMap<>();

    public ModelRegistry(RecordVerifier verifier, GeneratorLoader loader, RegistryListener listener, Clock clock) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Verifies, loads and records one model record; a bad record is recorded as rejected and never thrown.
     * The slow part (ONNX Runtime load and smoke run) happens outside the registry's lock, so listing models
     * and pinning stay responsive while a large model loads.
     */
    public VersionState offer(ModelRecord candidate) {
        VerifiedRecord record;
        try {
            record = verifier.verify(candidate);
        } catch (ModelRejectedException e) {
            return reject(candidate.name(), Long.toString(candidate.version()), candidate.sha256(), e.getMessage());
        }
        Optional<VersionState> known = alreadyKnown(record);
        if (known.isPresent()) {
            return known.get();
        }
        Generator generator;
        try {
            generator = loader.load(record);
        } catch (ModelRejectedException e) {
            return reject(record.name(), Long.toString(record.version()), record.sha256(), e.getMessage());
        }
        return accept(record, generator);
    }

    private synchronized Optional<VersionState> alreadyKnown(VerifiedRecord record) {
        ModelLine line = lines.get(record.name());
        StoredVersion known = line == null ? null : line.versions.get(record.version());
        if (known == null || !known.accepted()) {
            return Optional.empty();
        }
        if (known.record.sha256().equals(record.sha256())) {
            return Optional.of(stateOf(line, known));
        }
        // Never let a second record silently replace a version that already serves or stands by.
        return Optional.of(reject(record.name(), Long.toString(record.version()), record.sha256(),
                "version " + record.version() + " was already received with different bytes"));
    }

    private synchronized VersionState accept(VerifiedRecord record, Generator generator) {
        Optional<VersionState> raced = alreadyKnown(record);
        if (raced.isPresent()) {
            generator.close();
            return raced.get();
        }
        ModelLine line = lines.computeIfAbsent(record.name(), ModelLine::new);
        line.versions.put(record.version(), StoredVersion.accepted(record, clock.instant()));
        listener.accepted(record.name(), record.version());
        LOG.infof("model %s version %d verified (key %s)", record.name(), record.version(), record.keyId());
        if (line.pinned == null && record.version() == line.newestAccepted().orElseThrow()) {
            activate(line, record, generator, BECAUSE_NEWEST);
            return VersionState.ACTIVE;
        }
        generator.close();
        return VersionState.STANDBY;
    }

    /**
     * Records a record that could not even be decoded (headers missing or malformed).
     *
     * @param name    the raw name header, null when absent
     * @param version the raw version header, null when absent
     */
    public synchronized VersionState rejectUndecodable(String name, String version, String reason) {
        return reject(name, version, null, reason);
    }

    /**
     * Leases the active version of {@code name}; close the lease when done.
     *
     * @throws UnknownModelException     when {@code name} was never received while other models serve
     * @throws ModelUnavailableException when nothing can serve {@code name} (yet)
     */
    public ModelLease lease(String name) {
        ModelLine line = lines.get(name);
        if (line == null) {
            if (!anyServing()) {
                throw new ModelUnavailableException("no model is loaded yet");
            }
            throw new UnknownModelException("model '" + name + "' is not known");
        }
        while (true) {
            ServingVersion serving = line.active;
            if (serving == null) {
                throw new ModelUnavailableException("model '" + name + "' has no servable version");
            }
            if (serving.tryRetain()) {
                return new ModelLease(serving);
            }
            // Retired between the read and the retain; the replacement is already published, so look again.
        }
    }

    /** Serves {@code version} of {@code name} until {@link #unpin}, whatever newer versions arrive. */
    public synchronized ModelView pin(String name, long version) {
        ModelLine line = line(name);
        StoredVersion stored = line.versions.get(version);
        if (stored == null) {
            throw new UnknownModelException("model '" + name + "' has no version " + version);
        }
        if (!stored.accepted()) {
            throw new VersionNotServableException("version " + version + " of model '" + name
                    + "' was rejected: " + stored.reason);
        }
        line.pinned = version;
        ensureActive(line, stored, BECAUSE_PINNED);
        return view(line);
    }

    /** Drops the pin; the newest accepted version serves again. */
    public synchronized ModelView unpin(String name) {
        ModelLine line = line(name);
        line.pinned = null;
        Optional<Long> newest = line.newestAccepted();
        if (newest.isPresent()) {
            ensureActive(line, line.versions.get(newest.get()), BECAUSE_NEWEST);
        }
        return view(line);
    }

    public List<ModelView> models() {
        return lines.values().stream()
                .map(this::view)
                .sorted(Comparator.comparing(ModelView::name))
                .toList();
    }

    public ModelView model(String name) {
        return view(line(name));
    }

    public boolean anyServing() {
        return lines.values().stream().anyMatch(line -> line.active != null);
    }

    /** Names that currently serve, with their active versions. */
    public Map<String, Long> activeVersions() {
        Map<String, Long> active = new TreeMap<>();
        lines.values().forEach(line -> {
            ServingVersion serving = line.active;
            if (serving != null) {
                active.put(line.name, serving.version());
            }
        });
        return active;
    }

    @Override
    public synchronized void close() {
        lines.values().forEach(line -> {
            ServingVersion serving = line.active;
            line.active = null;
            if (serving != null) {
                serving.release();
            }
        });
    }

    private void ensureActive(ModelLine line, StoredVersion stored, String because) {
        ServingVersion current = line.active;
        if (current != null && current.version() == stored.record.version()) {
            line.activeBecause = because;
            return;
        }
        try {
            activate(line, stored.record, loader.load(stored.record), because);
        } catch (ModelRejectedException e) {
            // It loaded when it arrived, so this is the environment (memory, ORT), not the model.
            throw new VersionNotServableException("version " + stored.record.version() + " of model '" + line.name
                    + "' could not be loaded again: " + e.getMessage());
        }
    }

    private void activate(ModelLine line, VerifiedRecord record, Generator generator, String because) {
        ServingVersion previous = line.active;
        line.active = new ServingVersion(record.name(), record.version(), record.metadata(), generator);
        line.activeBecause = because;
        long previousVersion = previous == null ? 0 : previous.version();
        if (previous != null) {
            previous.release();
        }
        LOG.infof("model %s now serves version %d (%s; was %d)", record.name(), record.version(), because,
                previousVersion);
        listener.activated(record.name(), record.version(), previousVersion, because);
    }

    private synchronized VersionState reject(String name, String version, String sha256, String reason) {
        LOG.warnf("rejected model record %s@%s: %s", name, version, reason);
        listener.rejected(name, version, reason);
        Long number = parseOrNull(version);
        if (name != null && number != null) {
            ModelLine line = lines.computeIfAbsent(name, ModelLine::new);
            StoredVersion known = line.versions.get(number);
            if (known == null || !known.accepted()) {
                line.versions.put(number, StoredVersion.rejected(number, sha256, reason, clock.instant()));
            }
        }
        return VersionState.REJECTED;
    }

    private ModelLine line(String name) {
        ModelLine line = lines.get(name);
        if (line == null) {
            throw new UnknownModelException("model '" + name + "' is not known");
        }
        return line;
    }

    private ModelView view(ModelLine line) {
        synchronized (this) {
            ServingVersion serving = line.active;
            List<ModelVersionView> versions = line.versions.descendingMap().values().stream()
                    .map(stored -> new ModelVersionView(stored.version, stateOf(line, stored), stored.reason,
                            stored.sha256, stored.accepted() ? stored.record.keyId() : null, stored.receivedAt,
                            stored.accepted() ? stored.record.metadata() : null))
                    .toList();
            return new ModelView(line.name, serving == null ? null : serving.version(),
                    serving == null ? null : line.activeBecause, line.pinned, versions);
        }
    }

    private static VersionState stateOf(ModelLine line, StoredVersion stored) {
        if (!stored.accepted()) {
            return VersionState.REJECTED;
        }
        ServingVersion serving = line.active;
        return serving != null && serving.version() == stored.version ? VersionState.ACTIVE : VersionState.STANDBY;
    }

    private static Long parseOrNull(String version) {
        try {
            return version == null ? null : Long.parseLong(version.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Everything known about one model name. Fields are written under the registry's lock. */
    private static final class ModelLine {
        final String name;
        final NavigableMap<Long, StoredVersion> versions = new TreeMap<>();
        volatile ServingVersion active;
        volatile String activeBecause;
        volatile Long pinned;

        ModelLine(String name) {
            this.name = name;
        }

        Optional<Long> newestAccepted() {
            return versions.descendingMap().values().stream()
                    .filter(StoredVersion::accepted)
                    .map(stored -> stored.version)
                    .findFirst();
        }
    }

    /** A received version; accepted ones keep their bytes so operators can pin back to them. */
    private record StoredVersion(long version, VerifiedRecord record, String sha256, String reason,
                                 Instant receivedAt) {

        static StoredVersion accepted(VerifiedRecord record, Instant at) {
            return new StoredVersion(record.version(), record, record.sha256(), null, at);
        }

        static StoredVersion rejected(long version, String sha256, String reason, Instant at) {
            return new StoredVersion(version, null, sha256, reason, at);
        }

        boolean accepted() {
            return record != null;
        }
    }
}
