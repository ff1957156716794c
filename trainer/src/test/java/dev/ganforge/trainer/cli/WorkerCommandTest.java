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
    void helpDocumentsTheHeartbeatFile() {
        CliRun run = CliRun.of("worker", "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("--heartbeat-file=PATH"), run.out());
        assertTrue(run.out().contains("liveness probe"), run.out());
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
}
