package dev.ganforge.trainer.evaluate;

import java.util.ArrayList;
import java.util.List;

/**
 * How the reference classifier's predictions spread over the classes for a batch of generated samples: a
 * collapsed generator puts most of its mass on a few classes and never draws others.
 *
 * @param counts          samples predicted as each class, indexed by label
 * @param fractions       {@code counts} normalised to sum to 1
 * @param totalVariation  ½·Σ|pᵢ − 1/K| to the uniform distribution, in [0, 1 − 1/K]; 0 is perfectly even
 * @param klToUniform     KL(p ‖ uniform) = log K − H(p), in nats; 0 is perfectly even, log K is one class
 * @param missingClasses  names of classes no sample was predicted as
 */
public record ModeCoverage(
        int[] counts,
        double[] fractions,
        double totalVariation,
        double klToUniform,
        List<String> missingClasses) {

    public ModeCoverage {
        missingClasses = List.copyOf(missingClasses);
    }

    /** Coverage of {@code predicted} class indices over the classes named in {@code classNames}. */
    public static ModeCoverage of(int[] predicted, List<String> classNames) {
        int k = classNames.size();
        if (k == 0 || predicted.length == 0) {
            throw new IllegalArgumentException("coverage needs at least one class and one sample");
        }
        int[] counts = new int[k];
        for (int p : predicted) {
            if (p < 0 || p >= k) {
                throw new IllegalArgumentException("predicted class " + p + " outside 0.." + (k - 1));
            }
            counts[p]++;
        }
        double[] fractions = new double[k];
        double tv = 0;
        double kl = 0;
        List<String> missing = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            double p = (double) counts[c] / predicted.length;
            fractions[c] = p;
            tv += Math.abs(p - 1.0 / k);
            if (p > 0) {
                kl += p * Math.log(p * k);
            } else {
                missing.add(classNames.get(c));
            }
        }
        return new ModeCoverage(counts, fractions, tv / 2, kl, missing);
    }

    public int classesSeen() {
        return counts.length - missingClasses.size();
    }
}
