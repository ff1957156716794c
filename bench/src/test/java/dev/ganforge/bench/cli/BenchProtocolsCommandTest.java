package dev.ganforge.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.trainer.cli.CliErrors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command's refusals; the measuring path runs against the real service in it/BenchProtocolsEndToEndTest. */
class BenchProtocolsCommandTest {

    @Test
    void badOptionsAreOneReadableLine() {
        for (List<String> bad : List.of(List.of("--batches", "0"), List.of("--batches", "1,x"),
                List.of("--rounds", "0"), List.of("--concurrency", "0"), List.of("--protocols", "SOAP"))) {
            List<String> args = new java.util.ArrayList<>(List.of("bench", "protocols", "--url",
                    "http://127.0.0.1:1", "--model", "m"));
            args.addAll(bad);
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(CliErrors.USAGE, run.exitCode(), bad + ": " + run.err());
            assertTrue(run.err().startsWith("ganforge: "), bad + ": " + run.err());
        }
    }

    @Test
    void aServiceThatIsNotThereIsOneLine() {
        CliRun run = CliRun.of("bench", "protocols", "--url", "http://127.0.0.1:1", "--grpc", "127.0.0.1:1",
                "--model", "m", "--warmup", "0s", "--duration", "100ms", "--rounds", "1");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains("api/v1 npy does not answer: ConnectException"), run.err());
    }
}
