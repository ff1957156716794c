package dev.ganforge.service.inference;

import dev.ganforge.shared.model.LatentCodes;

/**
 * InfoGAN codes chosen sample by sample, as the Open Inference Protocol's {@code code} and {@code c} tensors give
 * them (where {@code /api/v1}'s {@code code} and {@code c} set one value for every sample).
 *
 * @param categories the categorical code of each sample; null leaves the categories as they are
 * @param continuous the continuous codes of each sample, one row each; null leaves them as they are
 */
public record CodesPerSample(long[] categories, float[][] continuous) {

    /** Number of samples these codes are for. */
    public int rows() {
        return categories != null ? categories.length : continuous.length;
    }

    /** Writes the codes into the {@code count} latents of {@code latentSize} in {@code z}. */
    void applyTo(LatentCodes codes, float[] z, int latentSize, int count) {
        if (categories != null && continuous != null && categories.length != continuous.length) {
            throw new InvalidSampleRequestException("code has " + categories.length + " rows and c has "
                    + continuous.length + "; give both for every sample");
        }
        if (rows() != count) {
            throw new InvalidSampleRequestException("codes are given for " + rows() + " samples, the request has "
                    + count);
        }
        for (int i = 0; i < count; i++) {
            Integer category = null;
            if (categories != null) {
                long value = categories[i];
                category = value < Integer.MIN_VALUE || value > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) value;
            }
            Float[] values = null;
            if (continuous != null) {
                if (continuous[i].length != codes.continuous()) {
                    throw new InvalidSampleRequestException("c needs " + codes.continuous()
                            + " values per sample, has " + continuous[i].length);
                }
                values = new Float[continuous[i].length];
                for (int j = 0; j < values.length; j++) {
                    values[j] = continuous[i][j];
                }
            }
            try {
                codes.set(z, latentSize, i, category, values);
            } catch (IllegalArgumentException e) {
                throw new InvalidSampleRequestException(e.getMessage());
            }
        }
    }
}
