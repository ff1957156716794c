package dev.ganforge.shared.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs the official ONNX checker (Debian's python3-onnx, installed by scripts/prerequisites) on a model, so
 * "standard ONNX" is judged by the reference implementation rather than by our own reader. In the shared test-jar
 * for the trainer's export tests too.
 */
public final class ReferenceChecker {

    private static final String SCRIPT =
            "import onnx,sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)";

    private ReferenceChecker() {
    }

    public static void assertValid(byte[] model, Path dir) throws IOException, InterruptedException {
        Path file = Files.createTempFile(dir, "model", ".onnx");
        Files.write(file, model);
        assertValid(file);
    }

    public static void assertValid(Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("/usr/bin/python3", "-c", SCRIPT, file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("onnx checker did not finish");
        }
        assertEquals(0, process.exitValue(), "onnx.checker rejected " + file
                + " (is python3-onnx installed? run scripts/prerequisites):\n" + output);
    }
}
