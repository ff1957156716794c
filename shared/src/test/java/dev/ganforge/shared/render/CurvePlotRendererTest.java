package dev.ganforge.shared.render;

import static dev.ganforge.shared.render.LinePlotRendererTest.decode;
import static dev.ganforge.shared.render.LinePlotRendererTest.near;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.shared.model.SampleBatch;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CurvePlotRendererTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void plotsCurvesAndBoundsAgainstLinspaceX() throws IOException {
        int points = 15;
        float[] curves = new float[2 * points];
        double[] xs = CurvePlotRenderer.linspace(points);
        assertEquals(-1.0, xs[0]);
        assertEquals(1.0, xs[points - 1]);
        for (int p = 0; p < points; p++) {
            curves[p] = (float) (1.5 * xs[p] * xs[p] + 0.5);
            curves[points + p] = (float) (1.2 * xs[p] * xs[p] + 0.2);
        }
        BufferedImage png = decode(new CurvePlotRenderer(new LinePlotRenderer(400, 300))
                .render(curves, 2, points, CurvePlotRenderer.artistBounds(points)));
        assertEquals(400, png.getWidth());
        // parabolas opening upwards: sample colour near the middle-bottom of the plot, never in the top middle
        assertTrue(near(png, CurvePlotRenderer.SAMPLE_RGB, 150, 150, 250, 250) > 10);
        assertEquals(0, near(png, CurvePlotRenderer.SAMPLE_RGB, 130, 28, 220, 80), "legend aside");
        // the upper bound (value 3 at both ends) reaches the top corners
        assertTrue(near(png, CurvePlotRenderer.BOUND_RGB, 64, 28, 100, 60) > 3);
    }

    @Test
    void acceptsASampleBatchAndRejectsOtherShapes() throws IOException {
        SampleBatch batch = new SampleBatch(List.of(1, 3), new float[] {0, 1, 0});
        assertEquals(400, decode(new CurvePlotRenderer().render(batch)).getHeight());
        assertThrows(IllegalArgumentException.class,
                () -> new CurvePlotRenderer().render(new SampleBatch(List.of(3), new float[3])));
    }
}
