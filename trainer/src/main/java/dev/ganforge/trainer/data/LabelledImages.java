package dev.ganforge.trainer.data;

import java.nio.file.Path;

/** An IDX image file paired with its label file, checked to describe the same number of samples. */
public record LabelledImages(IdxImages images, byte[] labels) {

    public LabelledImages {
        if (images.count() != labels.length) {
            throw new IllegalArgumentException(images.count() + " images but " + labels.length + " labels");
        }
    }

    /** Reads both files; a count mismatch names both files. */
    public static LabelledImages read(Path imagesFile, Path labelsFile) {
        IdxImages images = IdxReader.readImages(imagesFile);
        byte[] labels = IdxReader.readLabels(labelsFile);
        if (images.count() != labels.length) {
            throw new IllegalArgumentException(imagesFile + " has " + images.count() + " images but "
                    + labelsFile + " has " + labels.length + " labels");
        }
        return new LabelledImages(images, labels);
    }

    public int count() {
        return labels.length;
    }
}
