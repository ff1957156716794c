package dev.ganforge.trainer.evaluate;

import dev.ganforge.trainer.data.DatasetSplit;
import dev.ganforge.trainer.data.ImageDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reference classifiers cached under {@code $GANFORGE_HOME/classifiers/<dataset>-<fingerprint>}: each is trained
 * once per exact training split and reused by every later evaluation, so FIDs of different runs are measured
 * with the same features.
 */
public final class ClassifierStore {

    private final Path root;
    private final ClassifierTrainer trainer;
    private final Consumer<String> log;

    /** @param home the ganforge home; classifiers live in its {@code classifiers} directory */
    /** The store every command uses: classifiers trained on first use at the default budget, progress to {@code log}. */
    public static ClassifierStore withDefaultBudget(Path home, Consumer<String> log) {
        return new ClassifierStore(home, new ClassifierTrainer(ClassifierTrainer.Budget.DEFAULT, log), log);
    }

    public ClassifierStore(Path home, ClassifierTrainer trainer, Consumer<String> log) {
        this.root = home.resolve("classifiers");
        this.trainer = trainer;
        this.log = log;
    }

    /** Where the classifier for {@code train} lives (whether or not it exists yet). */
    public Path directoryFor(ImageDataset train) {
        String dataset = train.id().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "_")
                .replaceAll("^[._]+", "");
        if (dataset.length() > 60) {
            dataset = dataset.substring(dataset.length() - 60);
        }
        return root.resolve(dataset + "-" + train.fingerprint());
    }

    /** The cached classifier for {@code split}'s training images, training and caching it first if needed. */
    public ReferenceClassifier loadOrTrain(DatasetSplit split) {
        Path dir = directoryFor(split.train());
        if (Files.isRegularFile(dir.resolve(ReferenceClassifier.INFO_FILE))) {
            return ReferenceClassifier.load(dir);
        }
        log.accept("training the reference classifier for " + split.train().id() + " (once; cached in " + dir + ")");
        ReferenceClassifier classifier = trainer.train(split);
        publish(classifier, dir);
        return classifier;
    }

    /** Saves into a private directory, then renames it into place so a reader never sees half a classifier. */
    private void publish(ReferenceClassifier classifier, Path dir) {
        Path staging = null;
        try {
            Files.createDirectories(root);
            staging = Files.createTempDirectory(root, ".staging-");
            classifier.save(staging);
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            staging = null;
        } catch (AtomicMoveNotSupportedException e) {
            throw new IllegalStateException("cannot cache the classifier: " + root + " does not support atomic "
                    + "renames", e);
        } catch (FileSystemException e) {
            // Another process cached the same classifier first (two trainings started at once); theirs is as good
            // as ours. Linux's rename(2) reports ENOTEMPTY, which Java gives as a plain FileSystemException.
            if (!Files.isRegularFile(dir.resolve(ReferenceClassifier.INFO_FILE))) {
                throw new UncheckedIOException("cannot cache the reference classifier in " + dir, e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cache the reference classifier in " + dir, e);
        } finally {
            if (staging != null) {
                deleteQuietly(staging);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Only a leftover temp directory; nothing depends on it.
        }
    }
}
