package dev.ganforge.service.model;

import dev.ganforge.shared.contract.ControlRecord;
import dev.ganforge.shared.contract.ModelRecord;
import dev.ganforge.shared.contract.ModelRouting;
import dev.ganforge.shared.contract.ModelRemoval;
import dev.ganforge.service.model.StoredVersion.Accepted;
import dev.ganforge.service.model.StoredVersion.Evicted;
import dev.ganforge.service.model.StoredVersion.Loaded;
import dev.ganforge.service.model.StoredVersion.Receipt;
import dev.ganforge.service.model.StoredVersion.Rejected;
import dev.ganforge.service.model.StoredVersion.Staged;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Every model version the service has received, and which one serves each model name.
 *
 * <p>Records are offered one at a time (from Kafka, or directly in tests). A record is verified, loaded and
 * smoke-tested before it is recorded as accepted; only then may it become active. Swaps are atomic: requests
 * lease the active version lock-free, and a replaced version is closed when its last lease is returned, so no
 * request ever sees a closed session. Mutations are serialised on the registry; reads never block on them.
 *
 * <p>Each version's state is a {@link StoredVersion} (staged, loaded, evicted, rejected). Memory is bounded per
 * model by {@link LoadedRetention}: at most {@code retainedVersions} accepted versions keep their ONNX Runtime
 * session (the newest, a pinned one, then the next newest), so pinning any of them is instant and cannot fail.
 * Older ones are evicted: their session closes once no request leases it; they stay listed as
 * {@link VersionState#EVICTED} and can no longer be pinned. No version keeps its ONNX bytes once loaded, since a
 * retained version never needs loading again.
 *
 * <p>A replica's start-up replay of the topic {@link #stage stages} records instead of loading them: verified, kept
 * as bytes within the same per-model bound, and {@link #loadStaged loaded} once the replay is complete — so of a
 * long history only the versions that will be retained are ever loaded.
 *
 * <p>A version {@link #remove removed} from the topic (a signed tombstone, {@code ganforge models prune}) leaves the
 * registry altogether, as it leaves the log once Kafka compacts it; if it served, the newest remaining loaded
 * version takes over.
 */
public final class ModelRegistry implements AutoCloseable {

    public static final String BECAUSE_NEWEST = "newest";
    public static final String BECAUSE_PINNED = "pinned";
    /** The stable version of a canary split. */
    public static final String BECAUSE_CANARY = "canary-stable";
    /** Used when no limit is given; matches the service's default of {@code ganforge.models.retained-versions}. */
    public static final int DEFAULT_RETAINED_VERSIONS = 3;

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final RecordVerifier verifier;
    private final GeneratorLoader loader;
    private final RegistryListener listener;
    private final Clock clock;
    private final LoadedRetention retention;
    private final Map<String, ModelLine> lines = new ConcurrentHashMap<>();
    /** Per name, the highest version verified so far, removed ones included (see {@link #replayed}). */
    private final Map<String, Long> highestReceived = new ConcurrentHashMap<>();
    /** Per name, the routing operators set (control topic, or {@link #pin} directly), kept across removals. */
    private final Map<String, Routed> routings = new ConcurrentHashMap<>();

    public ModelRegistry(RecordVerifier verifier, GeneratorLoader loader, RegistryListener listener, Clock clock) {
        this(verifier, loader, listener, clock, DEFAULT_RETAINED_VERSIONS);
    }

    /** @param retainedVersions loaded versions kept per model, at least 1 (a pinned and the newest are always kept) */
    public ModelRegistry(RecordVerifier verifier, GeneratorLoader loader, RegistryListener listener, Clock clock,
                         int retainedVersions) {
        this.retention = new LoadedRetention(retainedVersions);
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
        return receive(candidate, this::loadAndAccept);
    }

    /**
     * Verifies and records one record of the start-up replay without loading it. Most of a long history is
     * superseded before the replay ends, and loading each version (ONNX Runtime session and smoke run) only to
     * evict it delays readiness by a load per version of the history (figures: docs/benchmarks.md, "Cold
     * start and memory of the service"). The newest {@code retainedVersions} verified records per model stay
     * staged, bytes and all; older ones are listed as evicted straight away, never loaded. A bad record is
     * rejected as by {@link #offer}.
     */
    public VersionState stage(ModelRecord candidate) {
        return receive(candidate, this::stageVerified);
    }

    /** Verifies a record and hands it on unless it is a version already received (or it is rejected). */
    private VersionState receive(ModelRecord candidate, Function<VerifiedRecord, VersionState> next) {
        VerifiedRecord record;
        try {
            record = verifier.verify(candidate);
        } catch (ModelRejectedException e) {
            return reject(candidate.name(), Long.toString(candidate.version()), candidate.sha256(), e.getMessage());
        }
        return alreadyKnown(record).or(() -> replayed(record)).orElseGet(() -> next.apply(record));
    }

    /**
     * Publishers write the versions of a name in increasing order (a Kafka transaction per version, docs/contracts.md
     * "Versions"), so a verified record whose version is not above every version of its name received before is an
     * old record produced again: rejected (logged and counted, not listed: it is no version), whatever its
     * signature, so it can never become the newest nor come back after its removal. Otherwise it raises that mark.
     */
    private synchronized Optional<VersionState> replayed(VerifiedRecord record) {
        long highest = highestReceived.getOrDefault(record.name(), 0L);
        if (record.version() <= highest) {
            String reason = "replay: version " + record.version() + " arrived after version " + highest
                    + " of the same model; versions are published in increasing order, so this is an old record "
                    + "produced again";
            LOG.warnf("rejected model record %s@%d: %s", record.name(), record.version(), reason);
            listener.rejected(record.name(), Long.toString(record.version()), reason);
            return Optional.of(VersionState.REJECTED);
        }
        highestReceived.put(record.name(), record.version());
        return Optional.empty();
    }

    private VersionState loadAndAccept(VerifiedRecord record) {
        Generator generator;
        try {
            generator = loader.load(record);
        } catch (ModelRejectedException e) {
            return reject(record.name(), Long.toString(record.version()), record.sha256(), e.getMessage());
        }
        return accept(record, generator);
    }

    private synchronized VersionState stageVerified(VerifiedRecord record) {
        ModelLine line = lines.computeIfAbsent(record.name(), ModelLine::new);
        line.versions.put(record.version(), new Staged(Receipt.of(record, clock.instant()), record));
        listener.accepted(record.name(), record.version());
        LOG.infof("model %s version %d verified (key %s); loads once the replay of the topic is complete",
                record.name(), record.version(), record.keyId());
        retain(line);
        return stateOf(line, line.versions.get(record.version()));
    }

    /**
     * Loads every staged version, newest first per model, so that the newest serves as early as possible; one
     * that fails to load is rejected and the next newest takes its place. Never throws.
     */
    public void loadStaged() {
        for (VerifiedRecord record : stagedNewestFirst()) {
            try {
                loadAndAccept(record);
            } catch (RuntimeException e) {
                // As in ModelRecordConsumer: a bug in one load must not keep the others (and readiness) waiting.
                LOG.errorf(e, "unexpected failure loading %s version %d", record.name(), record.version());
                reject(record.name(), Long.toString(record.version()), record.sha256(),
                        "internal error: " + e.getMessage());
            }
        }
    }

    /** Whether staged versions still wait for {@link #loadStaged}. */
    public synchronized boolean anyStaged() {
        return lines.values().stream().anyMatch(line -> line.versions.values().stream()
                .anyMatch(Staged.class::isInstance));
    }

    private synchronized List<VerifiedRecord> stagedNewestFirst() {
        return lines.values().stream()
                .flatMap(line -> line.versions.descendingMap().values().stream())
                .filter(Staged.class::isInstance)
                .map(stored -> ((Staged) stored).record())
                .toList();
    }

    private synchronized Optional<VersionState> alreadyKnown(VerifiedRecord record) {
        ModelLine line = lines.get(record.name());
        StoredVersion known = line == null ? null : line.versions.get(record.version());
        if (!(known instanceof Accepted)) {
            return Optional.empty();
        }
        if (known.sha256().equals(record.sha256())) {
            // An evicted version redelivered stays evicted: loading it again would only evict it again.
            return Optional.of(stateOf(line, known));
        }
        // Never let a second record silently replace a version that already serves or stands by.
        return Optional.of(reject(record.name(), Long.toString(record.version()), record.sha256(),
                "version " + record.version() + " was already received with different bytes"));
    }

    private synchronized VersionState accept(VerifiedRecord record, Generator generator) {
        ModelLine line = lines.computeIfAbsent(record.name(), ModelLine::new);
        boolean wasStaged = line.versions.get(record.version()) instanceof Staged staged && staged.record() == record;
        if (!wasStaged) {
            Optional<VersionState> raced = alreadyKnown(record);
            if (raced.isPresent()) {
                generator.close();
                return raced.get();
            }
        }
        ServingVersion loaded = new ServingVersion(record.name(), record.version(), record.metadata(), generator);
        Receipt receipt = line.versions.get(record.version()) instanceof Staged staged ? staged.receipt()
                : Receipt.of(record, clock.instant());
        line.versions.put(record.version(), new Loaded(receipt, loaded));
        if (wasStaged) {
            LOG.infof("model %s version %d loaded", record.name(), record.version());
        } else {
            listener.accepted(record.name(), record.version());
            LOG.infof("model %s version %d verified (key %s)", record.name(), record.version(), record.keyId());
        }
        reroute(line);
        retain(line);
        return stateOf(line, line.versions.get(record.version()));
    }

    /**
     * Drops the version a removal names, once its signature checks out and it names the bytes this registry has
     * for that version; a bad removal is reported as a rejection and changes nothing. If the version served, the
     * pinned or else the newest remaining version takes over when it is loaded; a staged newest takes over when
     * it loads; with none loaded the model has no servable version until a new one arrives. Never throws.
     */
    public synchronized void remove(ModelRemoval removal) {
        String name = removal.name();
        long version = removal.version();
        try {
            verifier.verify(removal);
        } catch (ModelRejectedException e) {
            rejectRemoval(name, Long.toString(version), e.getMessage());
            return;
        }
        ModelLine line = lines.get(name);
        StoredVersion stored = line == null ? null : line.versions.get(version);
        if (stored == null) {
            // Removals outlive their versions on a compacted topic (until delete.retention.ms), so this is normal.
            LOG.debugf("removal of model %s version %d: not received here, nothing to drop", name, version);
            return;
        }
        if (stored.sha256() != null && !stored.sha256().equals(removal.sha256())) {
            rejectRemoval(name, Long.toString(version), "it removes bytes with sha256 " + removal.sha256()
                    + ", but version " + version + " has " + stored.sha256());
            return;
        }
        line.versions.remove(version);
        if (stored instanceof Loaded loaded) {
            loaded.session().release();
        }
        ModelRouting routing = routingOf(name);
        if (routing.mode() != ModelRouting.Mode.NEWEST && (routing.version() == version
                || Objects.equals(routing.canaryVersion(), version))) {
            routings.put(name, new Routed(ModelRouting.NEWEST, clock.instant()));
            // An operator chose this routing; a retention on the publisher (worker --keep-versions) can undo it.
            LOG.warnf("model %s: version %d, which the routing (%s) names, was removed from the models topic; the "
                    + "model follows the newest version again", name, version, routing.describe());
        }
        LOG.infof("model %s version %d removed from the models topic (key %s)", name, version, removal.keyId());
        listener.removed(name, version);
        ServingVersion serving = line.active;
        if (serving != null && serving.version() == version) {
            line.active = null;
            line.activeBecause = null;
        }
        reroute(line);
        if (line.active == null) {
            LOG.warnf("model %s has no loaded version left after the removal of version %d", name, version);
        }
        if (line.versions.isEmpty()) {
            lines.remove(name);
        }
    }

    /** A removal that could not be decoded or verified: reported, and no version is touched. */
    public void rejectRemoval(String name, String version, String reason) {
        LOG.warnf("rejected removal of model record %s@%s: %s", name, version, reason);
        listener.rejected(name, version, "removal: " + reason);
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
        return leaseRouted(name, null);
    }

    /**
     * As {@link #lease(String)}, but under a canary split the canary version draws its weight's share: for a
     * {@code seed}, always the same version (a seed's samples stay reproducible); without one, at random.
     */
    public ModelLease leaseRouted(String name, Long seed) {
        ModelLine line = lines.get(name);
        ServingVersion canary = line == null ? null : line.canary;
        if (canary != null && drawsCanary(seed, line.canaryWeight) && canary.tryRetain()) {
            return new ModelLease(canary);
        }
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

    /** A seed's bucket, 0..99, from a mix of all its bits (seeds are often small consecutive numbers). */
    private static boolean drawsCanary(Long seed, int weight) {
        long mixed = seed == null ? ThreadLocalRandom.current().nextLong() : seed * 0x9E3779B97F4A7C15L;
        mixed ^= mixed >>> 29;
        return Math.floorMod(mixed, 100) < weight;
    }

    /**
     * Leases one retained version of {@code name}, serving or not (the Open Inference Protocol's
     * {@code /versions/{v}}); close the lease when done.
     *
     * @throws UnknownModelException       when the model or version was never received
     * @throws VersionNotServableException when the version was rejected, is still staged or has been evicted
     */
    public ModelLease lease(String name, long version) {
        ServingVersion loaded;
        synchronized (this) {
            ModelLine line = lines.get(name);
            StoredVersion stored = line == null ? null : line.versions.get(version);
            if (stored == null) {
                throw new UnknownModelException(line == null ? "model '" + name + "' is not known"
                        : "model '" + name + "' has no version " + version);
            }
            loaded = stored instanceof Loaded open ? open.session() : null;
        }
        if (loaded == null || !loaded.tryRetain()) {
            throw new VersionNotServableException("version " + version + " of model '" + name
                    + "' is not loaded (rejected, still loading, or evicted to bound memory)");
        }
        return new ModelLease(loaded);
    }

    /**
     * Serves {@code version} of {@code name} until {@link #unpin}, whatever newer versions arrive.
     *
     * @throws UnknownModelException       when the model or version was never received
     * @throws VersionNotServableException when the version was rejected or has been evicted
     */
    public synchronized ModelView pin(String name, long version) {
        ModelLine line = line(name);
        StoredVersion stored = line.versions.get(version);
        if (stored == null) {
            throw new UnknownModelException("model '" + name + "' has no version " + version);
        }
        servable(name, stored);
        routings.put(name, new Routed(ModelRouting.pinned(version), clock.instant()));
        reroute(line);
        retain(line);
        return view(line);
    }

    /**
     * Checks that {@code version} of {@code name} could serve here now, as {@link #pin} does, without changing
     * anything: what an operator's request is checked against before it becomes a control record.
     *
     * @throws UnknownModelException       when the model or version was never received
     * @throws VersionNotServableException when the version was rejected, is still staged or has been evicted
     */
    public synchronized void requireServable(String name, long version) {
        ModelLine line = line(name);
        StoredVersion stored = line.versions.get(version);
        if (stored == null) {
            throw new UnknownModelException("model '" + name + "' has no version " + version);
        }
        servable(name, stored);
    }

    /**
     * Applies a routing from the control topic ({@link ControlRecord}) once its signature checks out against the
     * trusted keys and it was issued after the routing held now; anything else is rejected with a logged reason
     * and changes nothing. The routing applies to versions not received yet too (a replica replaying the topics
     * may learn of a pin before the version it names): whatever it names that is not loaded here, the newest
     * loaded version serves instead until it is. Never throws.
     */
    public synchronized void route(ControlRecord record) {
        try {
            verifier.verify(record);
        } catch (ModelRejectedException e) {
            rejectControl(record.model(), e.getMessage());
            return;
        }
        ControlRecord.Body body;
        try {
            body = record.body();
        } catch (IllegalArgumentException e) {
            rejectControl(record.model(), e.getMessage());
            return;
        }
        Routed current = routings.get(record.model());
        if (current != null && !body.issuedAt().isAfter(current.issuedAt())) {
            rejectControl(record.model(), "replay: issued at " + body.issuedAt() + ", not after the routing held now ("
                    + current.routing().describe() + ", issued at " + current.issuedAt() + ")");
            return;
        }
        routings.put(record.model(), new Routed(body.routing(), body.issuedAt()));
        LOG.infof("model %s routing: %s (issued by %s at %s, key %s)", record.model(), body.routing().describe(),
                body.issuer(), body.issuedAt(), record.keyId());
        ModelLine line = lines.get(record.model());
        if (line != null) {
            reroute(line);
            retain(line);
        }
    }

    /** A control record that could not be decoded or verified: reported, and no routing changes. */
    public void rejectControl(String name, String reason) {
        LOG.warnf("rejected control record for model %s: %s", name, reason);
        listener.rejected(name, "control", "control: " + reason);
    }

    /**
     * The newest version of {@code name} that passed every check here (loaded, standing by, staged or evicted):
     * what "the newest" means when a canary is promoted or aborted.
     *
     * @throws UnknownModelException when the model was never received
     */
    public synchronized Optional<Long> newestAccepted(String name) {
        return line(name).newestAccepted();
    }

    /** The routing operators set for {@code name}; {@link ModelRouting#NEWEST} when none. */
    public ModelRouting routingOf(String name) {
        Routed routed = routings.get(name);
        return routed == null ? ModelRouting.NEWEST : routed.routing();
    }

    /**
     * Serves what the routing names where it is loaded here: the pinned (or a canary's stable) version, else the
     * newest loaded version; the canary version, when loaded, draws its share of requests.
     */
    private void reroute(ModelLine line) {
        ModelRouting routing = routingOf(line.name);
        Long held = routing.mode() == ModelRouting.Mode.NEWEST ? null : routing.version();
        line.pinned = held;
        Optional<ServingVersion> target = held == null ? Optional.empty() : line.loaded(held);
        String because = routing.mode() == ModelRouting.Mode.CANARY ? BECAUSE_CANARY : BECAUSE_PINNED;
        if (target.isEmpty()) {
            if (held != null) {
                LOG.debugf("model %s: version %d (%s) is not loaded on this replica; the newest loaded version serves "
                        + "until it is", line.name, held, routing.describe());
            }
            // A staged newest is activated when it loads.
            target = line.newestAccepted().flatMap(line::loaded);
            because = BECAUSE_NEWEST;
        }
        if (target.isPresent()) {
            ensureActive(line, target.get(), because);
        }
        line.canaryWeight = routing.mode() == ModelRouting.Mode.CANARY ? routing.canaryWeight() : 0;
        line.canary = routing.mode() == ModelRouting.Mode.CANARY
                ? line.loaded(routing.canaryVersion()).orElse(null) : null;
    }

    /** The loaded version, or why {@code stored} cannot serve. */
    private Loaded servable(String name, StoredVersion stored) {
        String which = "version " + stored.version() + " of model '" + name + "'";
        if (stored instanceof Rejected rejected) {
            throw new VersionNotServableException(which + " was rejected: " + rejected.reason());
        }
        if (stored instanceof Staged) {
            throw new VersionNotServableException(which + " is not loaded yet: this replica is still replaying the "
                    + "models topic; retry once it is ready");
        }
        if (stored instanceof Evicted evicted) {
            throw new VersionNotServableException(which + " was " + retention.reasonOf(evicted)
                    + "; publish it again as a new version, or raise the setting, to serve it");
        }
        return (Loaded) stored;
    }

    /** Drops the pin; the newest accepted version serves again. */
    public synchronized ModelView unpin(String name) {
        ModelLine line = line(name);
        routings.put(name, new Routed(ModelRouting.NEWEST, clock.instant()));
        reroute(line);
        retain(line);
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

    /** Drops every loaded version; sessions still leased close when their last lease is returned. */
    @Override
    public synchronized void close() {
        lines.values().forEach(line -> {
            line.active = null;
            for (StoredVersion stored : List.copyOf(line.versions.values())) {
                if (stored instanceof Loaded || stored instanceof Staged) {
                    line.versions.put(stored.version(), ((Accepted) stored).evicted());
                }
                if (stored instanceof Loaded loaded) {
                    loaded.session().release();
                }
            }
        });
    }

    private void ensureActive(ModelLine line, ServingVersion loaded, String because) {
        ServingVersion current = line.active;
        if (current != null && current.version() == loaded.version()) {
            line.activeBecause = because;
            return;
        }
        activate(line, loaded, because);
    }

    private void activate(ModelLine line, ServingVersion serving, String because) {
        ServingVersion previous = line.active;
        line.active = serving;
        line.activeBecause = because;
        long previousVersion = previous == null ? 0 : previous.version();
        LOG.infof("model %s now serves version %d (%s; was %d)", serving.name(), serving.version(), because,
                previousVersion);
        listener.activated(serving.name(), serving.version(), previousVersion, because);
    }

    /** Keeps the newest and the pinned version loaded, then the next newest up to the limit ({@link LoadedRetention}). */
    private void retain(ModelLine line) {
        Set<Long> required = new HashSet<>();
        line.newestAccepted().ifPresent(required::add);
        if (line.pinned != null) {
            required.add(line.pinned);
        }
        ModelRouting routing = routingOf(line.name);
        if (routing.canaryVersion() != null) {
            required.add(routing.canaryVersion());
        }
        for (Evicted evicted : retention.retain(line, required)) {
            LOG.infof(evicted.neverLoaded() ? "model %s version %d superseded during the replay, never loaded (%s)"
                    : "model %s version %d evicted from memory (%s)", line.name, evicted.version(),
                    retention.describe());
            listener.evicted(line.name, evicted.version());
        }
    }

    private synchronized VersionState reject(String name, String version, String sha256, String reason) {
        LOG.warnf("rejected model record %s@%s: %s", name, version, reason);
        listener.rejected(name, version, reason);
        Long number = parseOrNull(version);
        if (name != null && number != null) {
            ModelLine line = lines.computeIfAbsent(name, ModelLine::new);
            StoredVersion known = line.versions.get(number);
            // A record never replaces an accepted version, except a staged one whose own load just failed.
            boolean stagedItself = known instanceof Staged staged && staged.sha256().equals(sha256);
            if (!(known instanceof Accepted) || stagedItself) {
                line.versions.put(number, new Rejected(number, sha256, reason, clock.instant()));
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
                    .map(stored -> describe(line, stored))
                    .toList();
            return new ModelView(line.name, serving == null ? null : serving.version(),
                    serving == null ? null : line.activeBecause,
                    routingOf(line.name).mode() == ModelRouting.Mode.PINNED ? line.pinned : null,
                    routingOf(line.name), versions);
        }
    }

    private ModelVersionView describe(ModelLine line, StoredVersion stored) {
        if (stored instanceof Rejected rejected) {
            return new ModelVersionView(rejected.version(), VersionState.REJECTED, rejected.reason(),
                    rejected.sha256(), null, rejected.receivedAt(), null);
        }
        Receipt receipt = ((Accepted) stored).receipt();
        String reason = stored instanceof Evicted evicted ? retention.reasonOf(evicted) : null;
        return new ModelVersionView(receipt.version(), stateOf(line, stored), reason, receipt.sha256(),
                receipt.keyId(), receipt.receivedAt(), receipt.metadata());
    }

    private static VersionState stateOf(ModelLine line, StoredVersion stored) {
        if (stored instanceof Rejected) {
            return VersionState.REJECTED;
        }
        if (stored instanceof Staged) {
            return VersionState.PENDING;
        }
        if (stored instanceof Evicted) {
            return VersionState.EVICTED;
        }
        ServingVersion serving = line.active;
        return serving != null && serving.version() == stored.version() ? VersionState.ACTIVE : VersionState.STANDBY;
    }

    private static Long parseOrNull(String version) {
        try {
            return version == null ? null : Long.parseLong(version.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }


    /** A routing and when it was issued (a later record must be issued after it). */
    private record Routed(ModelRouting routing, Instant issuedAt) {
    }
}
