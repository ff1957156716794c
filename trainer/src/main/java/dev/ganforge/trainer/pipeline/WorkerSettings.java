package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.signing.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * @param groupId          consumer group of the workers; workers in one group share the requests
 * @param stateDir         this worker's own files: the ids of the requests it completed
 * @param runsDir          one run dir per request ({@code <request id>}), with its checkpoints and staged model;
 *                         workers of one group that share it (a ReadWriteMany volume) resume each other's requests
 * @param progressInterval least time between two progress events of one request
 * @param source           CloudEvents {@code source} of the events this worker writes
 */
public record WorkerSettings(String groupId, Path stateDir, Path runsDir, Duration progressInterval, String source) {

    public static final String DEFAULT_GROUP = "ganforge-worker";

    /** Run dirs under {@code stateDir/runs}: only this worker (or its restart) resumes its requests. */
    public WorkerSettings(String groupId, Path stateDir, Duration progressInterval, String source) {
        this(groupId, stateDir, defaultRunsDir(stateDir), progressInterval, source);
    }

    public static Path defaultRunsDir(Path stateDir) {
        return stateDir.resolve("runs");
    }

    public Path processedRequestsFile() {
        return stateDir.resolve("processed-requests.txt");
    }

    /**
     * Stable, so the same request always lands in the same run dir (which is how it resumes), and file-name
     * safe; an id that had to be changed gets a digest suffix so two ids never share a dir.
     */
    public Path runDir(String requestId) {
        String safe = requestId.replaceAll("[^A-Za-z0-9_-]", "_");
        if (!safe.equals(requestId)) {
            safe += "-" + Sha256.hex(requestId.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        }
        return runsDir.resolve(safe);
    }
}
