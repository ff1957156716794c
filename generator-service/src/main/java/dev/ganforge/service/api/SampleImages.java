package dev.ganforge.service.api;

import dev.ganforge.service.inference.GeneratedSamples;
import dev.ganforge.shared.render.CurvePlotRenderer;
import dev.ganforge.shared.render.SampleGridRenderer;
import jakarta.enterprise.context.ApplicationScoped;

/** Renders samples as PNG: images as a grid (or a strip), curves as a line plot. */
@ApplicationScoped
public class SampleImages {

    /** MNIST-sized tiles are tiny on screen; small images are upscaled, large ones kept as they are. */
    private static final int UPSCALE_BELOW = 64;

    private final CurvePlotRenderer curves = new CurvePlotRenderer();

    /** A grid; when the labels cycle through every class, one column per class. */
    public byte[] grid(GeneratedSamples samples) {
        return render(samples, SampleGridRenderer.columnsFor(samples.labels(), samples.metadata().labelCount()));
    }

    /** A grid of {@code columns} tiles per row. */
    public byte[] grid(GeneratedSamples samples, int columns) {
        return render(samples, columns);
    }

    public byte[] strip(GeneratedSamples samples) {
        return render(samples, samples.batch().count());
    }

    private byte[] render(GeneratedSamples samples, int columns) {
        if ("curve".equals(samples.metadata().outputKind())) {
            return curves.render(samples.batch());
        }
        int height = samples.metadata().outputShape().get(samples.metadata().outputShape().size() - 2);
        return new SampleGridRenderer(columns, height < UPSCALE_BELOW ? 2 : 1).render(samples.batch());
    }
}
