package dev.ganforge.trainer.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code ganforge datasets fetch fashion-mnist}: Fashion-MNIST comes from Debian's
 * {@code dataset-fashion-mnist} package (IDX files under {@code /usr/share/datasets/fashion-mnist}). As root
 * it installs the package; otherwise it says exactly what to run, since asking for a password is not ours.
 */
public final class FashionMnistFetcher {

    public static final String APT_PACKAGE = "dataset-fashion-mnist";
    public static final String INSTALL_HINT = DebianPackages.hint(APT_PACKAGE);

    private final Path dir;
    private final Path logDir;
    private final boolean root;

    /**
     * @param dir    where the package puts its IDX files
     * @param logDir where the apt-get log goes
     * @param root   whether this process may install packages itself
     */
    public FashionMnistFetcher(Path dir, Path logDir, boolean root) {
        this.dir = dir;
        this.logDir = logDir;
        this.root = root;
    }

    public static boolean runningAsRoot() {
        return DebianPackages.runningAsRoot();
    }

    public String fetch() {
        if (new IdxDirectory(dir).hasTrainingFiles()) {
            return "fashion-mnist: already present in " + dir;
        }
        if (!root) {
            throw new DatasetNotFoundException("Fashion-MNIST is not installed and installing it needs root: run "
                    + INSTALL_HINT);
        }
        Path log = logDir.resolve("apt-get.log");
        int status = DebianPackages.install(APT_PACKAGE, log);
        if (status == 127) {
            throw new DatasetNotFoundException("apt-get not found: Fashion-MNIST is fetched from Debian's "
                    + APT_PACKAGE + "; elsewhere put its IDX files in a directory and use --dataset idx:DIR");
        }
        if (status != 0) {
            throw new IllegalStateException("apt-get install " + APT_PACKAGE + " failed (exit " + status + "): "
                    + ExternalCommand.lastLine(log) + " (log: " + log + ")");
        }
        if (!new IdxDirectory(dir).hasTrainingFiles()) {
            throw new DatasetNotFoundException(APT_PACKAGE + " is installed but " + dir
                    + " holds no IDX training files");
        }
        return "fashion-mnist: installed " + APT_PACKAGE + " (" + dir + ")";
    }
}
