package dev.ganforge.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/** The modules the reactor has just built, as the {@code ./ganforge} launcher sees them. */
final class ReactorBuild {

    private ReactorBuild() {
    }

    /**
     * Marks the modules (trainer, bench) as freshly built; without the stamp the launcher would build them again.
     */
    static void trust(Path root, String... modules) throws IOException {
        for (String module : modules) {
            Path stamp = root.resolve(module + "/target/.ganforge-build-stamp");
            if (!Files.exists(stamp)) {
                Files.createFile(stamp);
            }
            Files.setLastModifiedTime(stamp, FileTime.from(Instant.now()));
        }
    }
}
