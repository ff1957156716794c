package dev.ganforge.trainer.evaluate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many samples the reference classifier reads as a clear member of some class — its probability for the
 * class it picks at least {@link #THRESHOLD} — and how those spread over the classes. FID rewards samples that are
 * close to the data on average; this counts samples a person would call a digit (or a shoe), which is what an
 * unconditional generator is judged by at a glance.
 *
 * @param threshold the probability a sample needs to count
 * @param fraction  confident samples over all samples
 * @param perClass  confident samples read as each class over all samples, keyed by class name in label order
 * @param leastClass the smallest of {@code perClass}: a generator that never draws a class clearly scores 0
 */
public record Recognisability(double threshold, double fraction, Map<String, Double> perClass, double leastClass) {

    /** Confidence that counts a sample as recognisable. */
    public static final double THRESHOLD = 0.9;

    public Recognisability {
        perClass = Collections.unmodifiableMap(new LinkedHashMap<>(perClass));
    }

    public static Recognisability of(Classification generated, List<String> classNames) {
        int n = generated.count();
        if (n == 0 || classNames.isEmpty()) {
            throw new IllegalArgumentException("recognisability needs at least one sample and one class");
        }
        int[] confident = new int[classNames.size()];
        int total = 0;
        for (int i = 0; i < n; i++) {
            if (generated.confidence()[i] >= THRESHOLD) {
                confident[generated.predicted()[i]]++;
                total++;
            }
        }
        Map<String, Double> perClass = new LinkedHashMap<>();
        double least = 1;
        for (int c = 0; c < confident.length; c++) {
            double share = (double) confident[c] / n;
            perClass.put(classNames.get(c), share);
            least = Math.min(least, share);
        }
        return new Recognisability(THRESHOLD, (double) total / n, perClass, least);
    }
}
