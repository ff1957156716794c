package dev.ganforge.trainer.export;

import dev.ganforge.shared.inference.SampleGenerator;
import dev.ganforge.shared.model.LatentSampler;
import dev.ganforge.shared.model.ModelMetadata;

/**
 * Feeds the same latents (and labels) to two generators and measures how far their outputs are apart. Labels
 * cycle through every class, so a batch at least as large as the label count exercises each of them.
 */
public final class ParityCheck {

    /** Largest max |diff| an export may show between DJL and ONNX Runtime. */
    public static final float TOLERANCE = 1e-4f;

    private final long seed;
    private final int count;

    public ParityCheck(long seed, int count) {
        this.seed = seed;
        this.count = count;
    }

    /** Max |reference − candidate| over every value of {@code count} samples. */
    public float maxAbsDiff(SampleGenerator reference, SampleGenerator candidate, ModelMetadata metadata) {
        float[] z = LatentSampler.sample(seed, count, metadata);
        int[] labels = cyclingLabels(count, metadata.labelCount());
        float[] expected = reference.generate(z, labels);
        float[] actual = candidate.generate(z, labels);
        if (expected.length != actual.length) {
            throw new IllegalStateException("generators disagree on output size: " + expected.length + " vs "
                    + actual.length);
        }
        float max = 0f;
        for (int i = 0; i < expected.length; i++) {
            float diff = Math.abs(expected[i] - actual[i]);
            // NaN must fail the check, and Math.max would propagate it where '>' would not.
            max = Math.max(max, diff);
        }
        return max;
    }

    public boolean passes(float maxAbsDiff) {
        return maxAbsDiff <= TOLERANCE;
    }

    /** 0, 1, …, L−1, 0, 1, … ({@code null} for unconditional models). */
    public static int[] cyclingLabels(int count, int labelCount) {
        if (labelCount <= 0) {
            return null;
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % labelCount;
        }
        return labels;
    }
}
