package dev.ganforge.trainer.evaluate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For a conditional generator: how often the reference classifier recognises the label that was asked for.
 *
 * @param perLabel accuracy per requested label, keyed by label name, in label order
 * @param mean     accuracy over all samples
 */
public record LabelFidelity(Map<String, Double> perLabel, double mean) {

    public LabelFidelity {
        perLabel = Collections.unmodifiableMap(new LinkedHashMap<>(perLabel));
    }

    /** Samples {@code i} was generated for label {@code requested[i]} and classified as {@code predicted[i]}. */
    public static LabelFidelity of(int[] requested, int[] predicted, List<String> labelNames) {
        if (requested.length != predicted.length || requested.length == 0) {
            throw new IllegalArgumentException("need as many predictions as requested labels, and at least one");
        }
        int k = labelNames.size();
        int[] asked = new int[k];
        int[] hit = new int[k];
        int hits = 0;
        for (int i = 0; i < requested.length; i++) {
            asked[requested[i]]++;
            if (requested[i] == predicted[i]) {
                hit[requested[i]]++;
                hits++;
            }
        }
        Map<String, Double> perLabel = new LinkedHashMap<>();
        for (int c = 0; c < k; c++) {
            if (asked[c] > 0) {
                perLabel.put(labelNames.get(c), (double) hit[c] / asked[c]);
            }
        }
        return new LabelFidelity(perLabel, (double) hits / requested.length);
    }
}
