package dev.ganforge.shared.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LinePlotRendererTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    static BufferedImage decode(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    /** Pixels within a small distance of {@code rgb} in the region. */
    static int near(BufferedImage image, int rgb, int x0, int y0, int x1, int y1) {
        int count = 0;
        for (int y = Math.max(0, y0); y < Math.min(image.getHeight(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(image.getWidth(), x1); x++) {
                int p = image.getRGB(x, y);
                int dr = Math.abs(((p >> 16) & 0xff) - ((rgb >> 16) & 0xff));
                int dg = Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff));
                int db = Math.abs((p & 0xff) - (rgb & 0xff));
                if (dr + dg + db < 40) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void drawsEachSeriesWhereItsValuesAre() throws IOException {
        double[] steps = {0, 1, 2, 3, 4};
        PlotSeries rising = new PlotSeries("G loss", steps, new double[] {0, 1, 2, 3, 4}, 0xff0000);
        PlotSeries flat = new PlotSeries("D loss", steps, new double[] {0, 0, 0, 0, 0}, 0x0000ff);
        BufferedImage png = decode(new LinePlotRenderer(400, 300).render("losses", "step", "loss",
                List.of(rising, flat)));
        assertEquals(400, png.getWidth());
        assertEquals(300, png.getHeight());
        // rising line: near the bottom-left at the start and the top-right at the end of the plot area
        assertTrue(near(png, 0xff0000, 60, 200, 120, 260) > 5, "red line starts bottom-left");
        assertTrue(near(png, 0xff0000, 300, 20, 390, 80) > 5, "red line ends top-right");
        assertEquals(0, near(png, 0xff0000, 300, 200, 390, 255), "nothing red bottom-right");
        // flat line at y=0, the bottom of the data range: blue along the bottom, none at the top
        assertTrue(near(png, 0x0000ff, 150, 220, 250, 260) > 20, "blue line along the bottom");
        assertEquals(0, near(png, 0x0000ff, 70, 100, 250, 180), "no blue mid-plot");
    }

    @Test
    void survivesEmptyConstantAndNonFiniteSeries() throws IOException {
        PlotSeries constant = new PlotSeries("", new double[] {1, 1}, new double[] {5, 5});
        PlotSeries broken = new PlotSeries("nan", new double[] {0, 1, 2},
                new double[] {Double.NaN, Double.POSITIVE_INFINITY, 3});
        assertEquals(640, decode(new LinePlotRenderer().render("", "", "", List.of())).getWidth());
        assertEquals(400, decode(new LinePlotRenderer().render(null, null, null, List.of(constant, broken)))
                .getHeight());
    }
}
