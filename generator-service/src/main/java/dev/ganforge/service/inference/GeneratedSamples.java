package dev.ganforge.service.inference;

import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.model.SampleBatch;

/**
 * Samples and where they came from.
 *
 * @param seed   the seed the latents were drawn from; null when the client gave explicit latents
 * @param labels the label of each sample; null for unconditional models
 */
public record GeneratedSamples(String model, long version, ModelMetadata metadata, Long seed, long[] labels,
                               SampleBatch batch) {
}
