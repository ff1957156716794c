package dev.ganforge.service.inference;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a client asks for; every field is optional.
 *
 * @param count   number of samples; defaults to the number of {@code latents}, else the configured default
 * @param seed    seed for the latent vectors; random (and reported back) when absent
 * @param labels  one label for all samples, or one per sample; conditional models only
 * @param latents explicit latent vectors, one per sample, each of the model's latent size; overrides the seed
 * @param code    InfoGAN models: the categorical code of every sample (drawn when absent)
 * @param c       InfoGAN models: the continuous codes of every sample, each in [−1, 1] (drawn when absent)
 * @param perSample InfoGAN models: codes chosen sample by sample (the Open Inference Protocol's tensors; not part of
 *                  {@code /api/v1}'s JSON body), applied after {@code code} and {@code c}
 */
public record SampleSpec(Integer count, Long seed, List<Integer> labels, float[][] latents, Integer code,
                         List<Float> c, @JsonIgnore @Schema(hidden = true) CodesPerSample perSample) {

    public SampleSpec(Integer count, Long seed, List<Integer> labels, float[][] latents) {
        this(count, seed, labels, latents, null, null, null);
    }

    public SampleSpec(Integer count, Long seed, List<Integer> labels, float[][] latents, Integer code,
                      List<Float> c) {
        this(count, seed, labels, latents, code, c, null);
    }

    public static SampleSpec of(Integer count, Long seed, Integer label) {
        return new SampleSpec(count, seed, label == null ? null : List.of(label), null);
    }
}
