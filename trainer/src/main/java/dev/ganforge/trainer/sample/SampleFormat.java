package dev.ganforge.trainer.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ganforge.shared.model.NpyFormat;
import dev.ganforge.shared.model.SampleBatch;
import dev.ganforge.shared.render.CurvePlotRenderer;
import dev.ganforge.shared.render.SampleGridRenderer;

/** How {@code ganforge sample} writes a batch: a picture, or the JSON or npy wire formats the service also
 * speaks. */
public enum SampleFormat {

    /** Images as a grid, curves as a line plot against the real data's bounds. */
    PNG {
        @Override
        public byte[] encode(SampleBatch batch, String outputKind, int columns) {
            if ("curve".equals(outputKind)) {
                int points = batch.shape().get(1);
                return new CurvePlotRenderer().render(batch.data(), batch.count(), points,
                        CurvePlotRenderer.artistBounds(points));
            }
            return new SampleGridRenderer(columns, 2).render(batch);
        }
    },

    /** {@code {"shape":[N, ...], "data":[...]}}. */
    JSON {
        @Override
        public byte[] encode(SampleBatch batch, String outputKind, int columns) {
            try {
                return MAPPER.writeValueAsBytes(batch);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("sample batch is not serialisable", e);
            }
        }
    },

    /** A little-endian float32 NumPy array, {@code numpy.load} reads it. */
    NPY {
        @Override
        public byte[] encode(SampleBatch batch, String outputKind, int columns) {
            return NpyFormat.write(batch);
        }
    };

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * @param outputKind {@code image} or {@code curve}, as in the model metadata
     * @param columns    grid columns for images, 0 for ceil(sqrt(N)) (PNG only)
     */
    public abstract byte[] encode(SampleBatch batch, String outputKind, int columns);
}
