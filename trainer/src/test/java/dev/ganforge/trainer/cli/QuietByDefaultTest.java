package dev.ganforge.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command run as users run it, through the {@code ganforge} launcher in its own process (libtorch's C++ warnings
 * go to file descriptor 2 past the JVM: only the launcher can drop them), prints its own lines only; {@code --verbose}
 * adds the engine's. An EMA generator is copied from G at the start, which is where libtorch warns.
 */
class QuietByDefaultTest {

    /** DJL's SLF4J lines ("[main] INFO ai.djl…", the CUDA probe's WARN) and libtorch's ("[W1205 …] Warning: …"). */
    private static final Pattern ENGINE_LINE = Pattern.compile("ai\\.djl|^\\[[WI]\\d{4} |\\] Warning: ",
            Pattern.MULTILINE);

    @TempDir
    Path tmp;

    @Test
    void aTrainingRunPrintsOnlyItsOwnLinesUnlessVerbose() throws Exception {
        Output quiet = ganforge("train", "--arch", "curves", "--steps", "3", "--ema", "0.9", "--run-dir",
                tmp.resolve("quiet").toString());
        assertEquals(0, quiet.exitCode(), quiet.err());
        assertTrue(quiet.out().contains("done after 3 iterations"), quiet.out());
        assertTrue(!ENGINE_LINE.matcher(quiet.out()).find() && !ENGINE_LINE.matcher(quiet.err()).find(),
                "engine lines in a quiet run:\n" + quiet.out() + quiet.err());

        Output verbose = ganforge("train", "--verbose", "--arch", "curves", "--steps", "3", "--ema", "0.9",
                "--run-dir", tmp.resolve("verbose").toString());
        assertEquals(0, verbose.exitCode(), verbose.err());
        assertTrue(verbose.out().contains("done after 3 iterations"), verbose.out());
        assertTrue(verbose.err().contains("INFO ai.djl"), "DJL's lines with --verbose:\n" + verbose.err());
        assertTrue(verbose.err().contains("] Warning: "), "libtorch's warnings with --verbose:\n" + verbose.err());
    }

    private record Output(int exitCode, String out, String err) {
    }

    /** The repository's launcher on this test's classpath (no build), with no verbosity inherited. */
    private Output ganforge(String... args) throws IOException, InterruptedException {
        Path launcher = repoRoot().resolve("ganforge");
        List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile())
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        builder.environment().remove("GANFORGE_DEBUG");
        builder.environment().put("GANFORGE_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("GANFORGE_HOME", tmp.resolve("home").toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("ganforge " + String.join(" ", args) + " did not finish");
        }
        return new Output(process.exitValue(), Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    private static Path repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("ganforge")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no ganforge launcher above " + Path.of("").toAbsolutePath());
    }
}
