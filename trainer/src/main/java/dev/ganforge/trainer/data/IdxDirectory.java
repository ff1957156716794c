package dev.ganforge.trainer.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A directory of standard IDX files: {@code train-images-idx3-ubyte[.gz]}, {@code train-labels-idx1-ubyte[.gz]}
 * and optionally {@code t10k-*} for the held-out set. When {@code t10k} files are present they are the
 * held-out set; otherwise {@link HeldOutRule} carves one out of the training files.
 */
public final class IdxDirectory {

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private final Path dir;

    public IdxDirectory(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Whether the training pair is present (not whether it is valid). */
    public boolean hasTrainingFiles() {
        return find(TRAIN_IMAGES).isPresent() && find(TRAIN_LABELS).isPresent();
    }

    public boolean hasTestFiles() {
        return find(TEST_IMAGES).isPresent() && find(TEST_LABELS).isPresent();
    }

    /**
     * Loads the split. {@code labelNames} may be empty, meaning "0", "1", … up to the largest label seen.
     *
     * @param missingHint one line for the exception when the training files are absent
     */
    public DatasetSplit load(String id, List<String> labelNames, String missingHint) {
        Path trainImages = require(TRAIN_IMAGES, missingHint);
        Path trainLabels = require(TRAIN_LABELS, missingHint);
        LabelledImages train = LabelledImages.read(trainImages, trainLabels);
        LabelledImages test = null;
        if (find(TEST_IMAGES).isPresent() || find(TEST_LABELS).isPresent()) {
            String partial = "incomplete held-out files in " + dir + ": need both " + TEST_IMAGES + "[.gz] and "
                    + TEST_LABELS + "[.gz], or neither";
            test = LabelledImages.read(require(TEST_IMAGES, partial), require(TEST_LABELS, partial));
        }
        List<String> names = labelNames.isEmpty() ? numericNames(train, test) : labelNames;
        String heldOutId = id + "#held-out";
        if (test != null) {
            return new DatasetSplit(ImageDataset.of(id, train, names), ImageDataset.of(heldOutId, test, names));
        }
        return new DatasetSplit(
                ImageDataset.of(id, train, names, HeldOutRule.trainIndices(train.count())),
                ImageDataset.of(heldOutId, train, names, HeldOutRule.heldOutIndices(train.count())));
    }

    /** Counts from the file headers alone. */
    public DatasetInfo describe(String spec, String description, String missingHint) {
        if (!hasTrainingFiles()) {
            return new DatasetInfo(spec, description, false, 0, 0, dir.toString(), missingHint);
        }
        int train = IdxReader.readHeader(find(TRAIN_IMAGES).orElseThrow()).count();
        if (hasTestFiles()) {
            int test = IdxReader.readHeader(find(TEST_IMAGES).orElseThrow()).count();
            return new DatasetInfo(spec, description, true, train, test, dir.toString(), "");
        }
        int heldOut = HeldOutRule.heldOutCount(train);
        return new DatasetInfo(spec, description, true, train - heldOut, heldOut, dir.toString(), "");
    }

    private Path require(String baseName, String missingHint) {
        return find(baseName).orElseThrow(() -> new DatasetNotFoundException(missingHint));
    }

    private Optional<Path> find(String baseName) {
        for (String name : List.of(baseName, baseName + ".gz")) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static List<String> numericNames(LabelledImages train, LabelledImages test) {
        int max = maxLabel(train);
        if (test != null) {
            max = Math.max(max, maxLabel(test));
        }
        return java.util.stream.IntStream.rangeClosed(0, max).mapToObj(Integer::toString).toList();
    }

    private static int maxLabel(LabelledImages data) {
        int max = 0;
        for (byte b : data.labels()) {
            max = Math.max(max, b & 0xff);
        }
        return max;
    }
}
