package dev.ganforge.service.inference;

import java.util.List;

/**
 * What a client asks for; every field is optional.
 *
 * @param count   number of samples; defaults to the number of {@code latents}, else the configured default
 * @param seed    seed for the latent vectors; random (and reported back) when absent
 * @param labels  one label for all samples, or one per sample; conditional models only
 * @param latents explicit latent vectors, one per sample, each of the model's latent size; overrides the seed
 */
public record SampleSpec(Integer count, Long seed, List<Integer> labels, float[][] latents) {

    public static SampleSpec of(Integer count, Long seed, Integer label) {
        return new SampleSpec(count, seed, label == null ? null : List.of(label), null);
    }
}
