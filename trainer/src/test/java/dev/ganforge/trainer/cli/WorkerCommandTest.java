package dev.ganforge.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerCommandTest extends EmptyHomeTest {

    @Test
    void helpDocumentsTheHeartbeatFileAndTheRetention() {
        CliRun run = CliRun.of("worker", "--help");
        assertEquals(0, run.exitCode());
        String help = run.out().replaceAll("\\s+", " "); // picocli wraps at 80 columns
        assertTrue(help.contains("--heartbeat-file=PATH"), run.out());
        assertTrue(help.contains("liveness probe"), run.out());
        assertTrue(help.contains("--keep-versions=N After each publish, remove every version of that model but the "
                + "newest N"), run.out());
    }

    @Test
    void aHeartbeatFileThatCannotBeWrittenStopsTheWorkerBeforeItStarts() throws IOException {
        Path notADirectory = Files.writeString(home.resolve("plain-file"), "");
        Path heartbeat = notADirectory.resolve("worker.heartbeat");

        // No broker and no key: the heartbeat is checked first, so this fails fast rather than waiting for Kafka.
        CliRun run = CliRun.of("worker", "--heartbeat-file", heartbeat.toString(), "--bootstrap", "127.0.0.1:1");

        assertEquals(CliErrors.FAILURE, run.exitCode());
        List<String> lines = run.errLines();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.get(0).startsWith("ganforge: cannot write heartbeat file " + heartbeat + ": "), run.err());
    }

    @Test
    void anUnknownQualityMetricIsAUsageErrorNamingTheKnownOnes() {
        CliRun run = CliRun.of("worker", "--quality-metric", "sharpness", "--bootstrap", "127.0.0.1:1");

        assertEquals(CliErrors.USAGE, run.exitCode());
        List<String> lines = run.errLines();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.get(0).contains("unknown quality metric 'sharpness'")
                && lines.get(0).contains("label-fidelity"), run.err());
    }
}
