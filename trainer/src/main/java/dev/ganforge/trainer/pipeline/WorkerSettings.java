package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.signing.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * @param groupId          consumer group of the workers; workers in one group share the requests
 * @param stateDir         processed-request ids and one run dir per request ({@code runs/<request id>})
 * @param progressInterval least time between two progress events of one request
 * @param source           CloudEvents {@code source} of the events this worker writes
 */
public record WorkerSettings(String groupId, Path stateDir, Duration progressInterval, String source) {

    public static final String DEFAULT_GROUP = "ganforge-worker";

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
        return stateDir.resolve("runs").resolve(safe);
    }
}
