package dev.ganforge.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.trainer.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    @TempDir
    Path tmp;

    @Test
    void trainsAndResumesARunFromTheCommandLine() {
        Path runDir = tmp.resolve("run");
        CliRun run = CliRun.of("train", "--arch", "curves", "--steps", "30", "--log-every", "10",
                "--run-dir", runDir.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Loss_D:") && run.out().contains("D(G(z)):"), run.out());
        assertTrue(Files.exists(runDir.resolve("run.json")));
        assertTrue(Files.exists(runDir.resolve("checkpoints/latest")));

        CliRun resumed = CliRun.of("train", "--resume", runDir.toString(), "--steps", "40");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("after 40 iterations"), resumed.out());
    }

    @Test
    void badInputIsOneLineAndNonZero() {
        CliRun run = CliRun.of("train", "--arch", "vae", "--dataset", "mnist");
        assertNotEquals(0, run.exitCode());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains("vae"), run.err());

        CliRun missing = CliRun.of("train", "--dataset", "mnist");
        assertNotEquals(0, missing.exitCode());
        assertEquals(1, missing.errLines().size(), missing.err());
    }

    @Test
    void aDivergingRunEndsInOneLineNamingTheIterationAndTheCheckpointKept() {
        Path runDir = tmp.resolve("diverging");
        CliRun run = CliRun.of("train", "--arch", "curves", "--steps", "400", "--lr-g", "1e18", "--lr-d", "1e18",
                "--seed", "7", "--checkpoint-every", "1", "--run-dir", runDir.toString());
        assertNotEquals(0, run.exitCode(), run.out());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains("training diverged at iteration") && run.err().contains("checkpoint"),
                run.err());
        assertTrue(Files.exists(runDir.resolve("checkpoints/latest")), "the last finite checkpoint stays");
    }

    @Test
    void aBadValueReadsTheSameOnTheCommandLineAndInARetrainRequest() {
        for (String[] option : new String[][] {{"lr-g", "fast"}, {"loss", "l2"}, {"epochs", "1.5"},
            {"feature-matching", "maybe"}}) {
            CliRun run = CliRun.of("train", "--arch", "dcgan", "--dataset", "mnist",
                    "--" + option[0] + "=" + option[1]);
            assertEquals(CliErrors.USAGE, run.exitCode(), run.err());
            assertEquals(1, run.errLines().size(), run.err());
            // What the worker reports for the same hyperparameter: the same parser, the same words.
            IllegalArgumentException requested = assertThrows(IllegalArgumentException.class, () ->
                    TrainConfig.fromOptions(Map.of("arch", "dcgan", "dataset", "mnist", option[0], option[1])));
            assertTrue(requested.getMessage().contains(option[0]) && requested.getMessage().contains(option[1]),
                    requested.getMessage());
            assertTrue(run.err().contains(requested.getMessage()), run.err() + " vs " + requested.getMessage());
        }
    }

    @Test
    void helpDescribesTheOptions() {
        CliRun help = CliRun.of("train", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("--d-pretrain-steps") && help.out().contains("--ema"), help.out());
    }

    @Test
    void featureMatchingIsMlpsDefaultAndCanBeTurnedOff() {
        assertTrue(config("--arch", "mlp", "--dataset", "mnist").featureMatching());
        assertFalse(config("--arch", "mlp", "--dataset", "mnist", "--no-feature-matching")
                .featureMatching());
        assertTrue(config("--arch", "dcgan", "--dataset", "mnist", "--feature-matching")
                .featureMatching());
        assertFalse(config("--arch", "dcgan", "--dataset", "mnist").featureMatching());
    }

    private static TrainConfig config(String... args) {
        TrainCommand command = new TrainCommand();
        new picocli.CommandLine(command).parseArgs(args);
        return command.options.toConfig();
    }

    @Test
    void threadsReachTheEngineSettingsAndAreValidated() {
        String before = System.getProperty(EngineThreadsOption.INTRA_OP);
        try {
            new picocli.CommandLine(new TrainCommand()).parseArgs("--arch", "curves", "--threads", "3");
            assertEquals("3", System.getProperty(EngineThreadsOption.INTRA_OP));
            assertEquals("1", System.getProperty(EngineThreadsOption.INTER_OP));
        } finally {
            if (before == null) {
                System.clearProperty(EngineThreadsOption.INTRA_OP);
            } else {
                System.setProperty(EngineThreadsOption.INTRA_OP, before);
            }
        }

        CliRun zero = CliRun.of("train", "--arch", "curves", "--threads", "0");
        assertEquals(2, zero.exitCode(), zero.err());
        assertTrue(zero.errLines().get(0).contains("--threads must be at least 1"), zero.err());
    }
}
