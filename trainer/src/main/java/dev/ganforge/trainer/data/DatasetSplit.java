package dev.ganforge.trainer.data;

/** A dataset divided into what training may see and what only evaluation may see. */
public record DatasetSplit(ImageDataset train, ImageDataset heldOut) {

    public DatasetSplit {
        if (train.height() != heldOut.height() || train.width() != heldOut.width()
                || train.channels() != heldOut.channels()) {
            throw new IllegalArgumentException(train.id() + ": held-out images are " + heldOut.height() + "x"
                    + heldOut.width() + " but training images are " + train.height() + "x" + train.width());
        }
    }
}
