package dev.ganforge.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistFetcherTest {

    @TempDir
    Path dir;

    @Test
    void withoutRootItSaysExactlyWhatToRun() {
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class,
                () -> new FashionMnistFetcher(dir.resolve("absent"), dir, false).fetch());
        assertEquals("Fashion-MNIST is not installed and installing it needs root: run "
                + "sudo apt-get install -y dataset-fashion-mnist", e.getMessage());
    }

    @Test
    void presentFilesNeedNothing() {
        IdxFiles.write(dir, "train", IdxFiles.synthetic(3, 2, 2), true);
        assertTrue(new FashionMnistFetcher(dir, dir, false).fetch().contains("already present"));
    }
}
