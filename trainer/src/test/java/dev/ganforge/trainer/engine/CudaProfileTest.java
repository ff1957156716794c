package dev.ganforge.trainer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Pcuda} names a set of DJL engine, PyTorch JNI and CUDA natives that Maven Central serves and that belong
 * together. Maven itself resolves the trainer's dependency tree under the profile — POMs only, so none of the
 * multi-gigabyte native jars is downloaded — and every DJL artifact in it must carry the profile's one DJL and one
 * PyTorch version.
 */
class CudaProfileTest {

    private static final Pattern DJL = Pattern.compile("(ai\\.djl[\\w.]*):([\\w-]+):jar(?::([\\w-]+))?:([\\w.-]+):");

    @TempDir
    Path tmp;

    @Test
    void cudaProfileResolvesToOneConsistentSet() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path tree = tmp.resolve("tree.txt");
        Path log = tmp.resolve("mvn.log");
        Process mvn = new ProcessBuilder(root.resolve("mvnw").toString(), "-B", "-ntp", "-q", "-Pcuda",
                "-f", root.resolve("pom.xml").toString(), "-pl", "trainer", "-am",
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:tree", "-DoutputFile=" + tree,
                "-DappendOutput=true")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(mvn.waitFor(10, TimeUnit.MINUTES), "maven did not finish in 10 minutes");
        String output = read(log);
        assertEquals(0, mvn.exitValue(), () -> "maven could not resolve -Pcuda:\n" + output);

        Set<String> djl = new TreeSet<>();
        Set<String> pytorch = new TreeSet<>();
        Set<String> natives = new TreeSet<>();
        Matcher m = DJL.matcher(read(tree));
        while (m.find()) {
            String artifact = m.group(2);
            String version = m.group(4);
            if (artifact.startsWith("pytorch-native-")) {
                natives.add(artifact + ":" + m.group(3) + ":" + version);
                pytorch.add(version);
            } else if (artifact.equals("pytorch-jni")) {
                String[] parts = version.split("-", 2);
                pytorch.add(parts[0]);
                djl.add(parts[1]);
            } else {
                djl.add(version);
            }
        }
        assertEquals(List.of("pytorch-native-cu124:linux-x86_64:2.5.1"), List.copyOf(natives), "natives");
        assertEquals(1, djl.size(), () -> "one DJL release for api, engine and JNI: " + djl);
        assertEquals(1, pytorch.size(), () -> "one PyTorch release for JNI and natives: " + pytorch);
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
