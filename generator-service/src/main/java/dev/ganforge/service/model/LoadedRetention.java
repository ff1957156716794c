package dev.ganforge.service.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which versions of a model keep their ONNX Runtime session (or, during the replay, their staged bytes): the
 * newest and the pinned one always, then the next newest up to {@code ganforge.models.retained-versions}. The
 * rest are evicted. Eviction drops only the registry's reference: a version still leased closes when its last
 * request ends.
 */
final class LoadedRetention {

    static final String SETTING = "ganforge.models.retained-versions";

    private final int retainedVersions;

    /** @param retainedVersions loaded versions kept per model, at least 1 */
    LoadedRetention(int retainedVersions) {
        if (retainedVersions < 1) {
            throw new IllegalArgumentException("retained versions must be at least 1, is " + retainedVersions);
        }
        this.retainedVersions = retainedVersions;
    }

    /**
     * Evicts what falls beyond the limit, replacing those entries of {@code line} with {@link StoredVersion.Evicted}.
     *
     * @param required versions that stay whatever the limit (the newest, the pinned, a canary's pair)
     * @return the versions evicted (their sessions released), newest first
     */
    List<StoredVersion.Evicted> retain(ModelLine line, Set<Long> required) {
        Set<Long> kept = new HashSet<>(required);
        int others = retainedVersions - required.size();
        List<StoredVersion.Evicted> evicted = new ArrayList<>();
        for (StoredVersion stored : List.copyOf(line.versions.descendingMap().values())) {
            boolean holdsModel = stored instanceof StoredVersion.Loaded || stored instanceof StoredVersion.Staged;
            if (!holdsModel || kept.contains(stored.version())) {
                continue;
            }
            if (others > 0) {
                others--;
                continue;
            }
            StoredVersion.Evicted unloaded = ((StoredVersion.Accepted) stored).evicted();
            line.versions.put(stored.version(), unloaded);
            if (stored instanceof StoredVersion.Loaded loaded) {
                loaded.session().release();
            }
            evicted.add(unloaded);
        }
        return evicted;
    }

    /** Why an evicted version holds no session, for operators. */
    String reasonOf(StoredVersion.Evicted evicted) {
        if (evicted.neverLoaded()) {
            return "superseded before this replica finished replaying the models topic: verified, never loaded ("
                    + SETTING + "=" + retainedVersions + " keeps only the newest versions loaded)";
        }
        return "evicted from memory: " + SETTING + "=" + retainedVersions
                + " keeps only the newest versions (and a pinned one) loaded";
    }

    String describe() {
        return SETTING + "=" + retainedVersions;
    }
}
