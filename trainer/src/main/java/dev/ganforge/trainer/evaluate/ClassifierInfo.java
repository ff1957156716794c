package dev.ganforge.trainer.evaluate;

import java.util.List;

/**
 * What a cached reference classifier was trained on and how well it does, stored next to its weights as
 * {@code classifier.json}.
 *
 * @param dataset          dataset id of the training split
 * @param fingerprint      fingerprint of the training split
 * @param labelNames       class names, in label order
 * @param channels         input channels
 * @param height           input height
 * @param width            input width
 * @param trainImages      images it was trained on
 * @param epochs           passes over them
 * @param heldOutAccuracy  accuracy on the held-out split
 * @param trainSeconds     wall-clock training time
 */
public record ClassifierInfo(
        String dataset,
        String fingerprint,
        List<String> labelNames,
        int channels,
        int height,
        int width,
        int trainImages,
        int epochs,
        double heldOutAccuracy,
        double trainSeconds) {

    public ClassifierInfo {
        labelNames = List.copyOf(labelNames);
    }

    public int pixelsPerImage() {
        return channels * height * width;
    }
}
