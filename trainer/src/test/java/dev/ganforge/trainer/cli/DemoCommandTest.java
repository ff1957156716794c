package dev.ganforge.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.trainer.demo.DemoPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The non-interactive part of {@code ganforge demo}: its plan and its input checks. Nothing is started. */
class DemoCommandTest extends EmptyHomeTest {

    @TempDir
    Path repo;

    @BeforeEach
    void isolate() {
        System.setProperty("ganforge.root", repo.toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty("ganforge.root");
    }

    @Test
    void dryRunPrintsEveryStepInOrderAndTouchesNothing() throws Exception {
        CliRun run = CliRun.of("demo", "--dry-run", "--steps", "40", "--port", "18080", "--kafka-port", "19092");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        List<String> steps = run.out().lines().map(line -> line.split("\\s+", 2)[0]).toList();
        assertEquals(List.of("dataset", "broker", "keys", "train", "evaluate", "export", "publish", "service", "worker",
                "ready", "gallery"), steps);
        assertTrue(run.out().contains("cdcgan, 40 steps into " + home.resolve("demo/runs/cdcgan-40")), run.out());
        assertTrue(run.out().contains("127.0.0.1:19092"), run.out());
        assertTrue(run.out().contains("http://127.0.0.1:18080/"), run.out());
        assertTrue(run.out().contains(repo.resolve("deploy/local/kafka").toString()), run.out());
        try (var files = Files.list(home)) {
            assertEquals(0, files.count(), "a dry run creates nothing");
        }
    }

    @Test
    void sameOptionsMeanTheSameRunDirectorySoASecondDemoReusesIt() {
        DemoPlan first = new DemoPlan(home, repo, "cdcgan", 300, 8080, "127.0.0.1:9092");
        DemoPlan again = new DemoPlan(home, repo, "cdcgan", 300, 8080, "127.0.0.1:9092");
        DemoPlan longer = new DemoPlan(home, repo, "cdcgan", 600, 8080, "127.0.0.1:9092");

        assertEquals(first.onnxFile(), again.onnxFile());
        assertTrue(first.onnxFile().startsWith(first.runDir()));
        assertNotEquals(first.runDir(), longer.runDir());
        assertTrue(first.retrainExample().startsWith("./ganforge retrain --model digits --arch cdcgan")
                        && first.retrainExample().contains(" --wait"),
                first.retrainExample());
    }

    @Test
    void badOptionsFailWithOneLine() {
        CliRun curves = CliRun.of("demo", "--dry-run", "--arch", "curves");
        assertEquals(1, curves.exitCode());
        assertEquals(1, curves.errLines().size(), curves.err());
        assertTrue(curves.err().contains("--arch must be an image architecture"), curves.err());

        CliRun steps = CliRun.of("demo", "--dry-run", "--steps", "0");
        assertEquals(1, steps.exitCode());
        assertTrue(steps.err().contains("--steps must be positive"), steps.err());
        assertFalse(steps.err().contains("Exception"), steps.err());

        CliRun port = CliRun.of("demo", "--dry-run", "--port", "70000");
        assertEquals(1, port.exitCode());
        assertTrue(port.err().contains("--port must be in 1..65535"), port.err());

        assertThrows(IllegalArgumentException.class,
                () -> new DemoPlan(home, repo, "cdcgan", -1, 8080, "127.0.0.1:9092"));
    }
}
