package dev.ganforge.trainer.sample;

import dev.ganforge.shared.model.LatentSampler;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.model.SampleBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Draws samples reproducibly: latents from {@link LatentSampler} with the given seed, labels either fixed or
 * cycling through every class (so a grid from a conditional model shows each of them).
 */
public final class Sampler {

    private Sampler() {
    }

    /**
     * @param label a class for every sample; empty cycles 0, 1, …, L−1 on conditional models
     * @throws IllegalArgumentException when the count is not positive, or a label is given to an unconditional
     *                                  model or lies outside its classes
     */
    public static SampleBatch sample(SampleSource source, int count, long seed, OptionalInt label) {
        return sample(source, count, seed, label, null, null);
    }

    /**
     * As {@link #sample(SampleSource, int, long, OptionalInt)}, with InfoGAN's codes fixed for every sample:
     * {@code category} (null: drawn) and the continuous codes (null, or a null entry: drawn).
     *
     * @throws IllegalArgumentException when the model has no latent codes or a code is out of range
     */
    public static SampleBatch sample(SampleSource source, int count, long seed, OptionalInt label, Integer category,
                                     Float[] continuous) {
        ModelMetadata metadata = source.metadata();
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        int[] labels = labels(metadata, count, label);
        float[] z = LatentSampler.sample(seed, count, metadata);
        if (category != null || continuous != null) {
            if (metadata.latentCodes() == null) {
                throw new IllegalArgumentException("model " + metadata.name() + " (" + metadata.architecture()
                        + ") has no latent codes; --code and --c are for infogan models");
            }
            for (int i = 0; i < count; i++) {
                metadata.latentCodes().set(z, metadata.latentSize(), i, category, continuous);
            }
        }
        float[] data = source.generator().generate(z, labels);
        List<Integer> shape = new ArrayList<>();
        shape.add(count);
        shape.addAll(metadata.outputShape());
        return new SampleBatch(shape, data);
    }

    private static int[] labels(ModelMetadata metadata, int count, OptionalInt label) {
        if (label.isPresent() && !metadata.conditional()) {
            throw new IllegalArgumentException("model " + metadata.name() + " (" + metadata.architecture()
                    + ") is unconditional; it takes no label");
        }
        if (!metadata.conditional()) {
            return null;
        }
        if (label.isPresent() && (label.getAsInt() < 0 || label.getAsInt() >= metadata.labelCount())) {
            throw new IllegalArgumentException("label " + label.getAsInt() + " is outside 0.."
                    + (metadata.labelCount() - 1) + " of model " + metadata.name());
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = label.orElse(i % metadata.labelCount());
        }
        return labels;
    }
}
