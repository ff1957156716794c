package dev.ganforge.shared.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ganforge.shared.model.SampleBatch;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SampleGridRendererTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** Image k is filled with value k/10, except pixel (0,0) which is white. */
    private static float[] images(int n, int h, int w) {
        float[] data = new float[n * h * w];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < h * w; i++) {
                data[k * h * w + i] = k / 10f;
            }
            data[k * h * w] = 1f;
        }
        return data;
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    private static int grey(BufferedImage image, int x, int y) {
        return image.getRaster().getSample(x, y, 0);
    }

    @Test
    void defaultGridIsCeilSqrtColumnsWithPadding() throws IOException {
        BufferedImage png = decode(new SampleGridRenderer().render(images(5, 4, 3), 5, 1, 4, 3));
        // 5 images -> 3 columns, 2 rows; 2 px padding around and between tiles
        assertEquals(3 * 3 + 4 * 2, png.getWidth());
        assertEquals(2 * 4 + 3 * 2, png.getHeight());
        assertEquals(SampleGridRenderer.PADDING_GREY, grey(png, 0, 0));
        assertEquals(255, grey(png, 2, 2), "first pixel of image 0 is white");
        assertEquals(0, grey(png, 3, 2), "rest of image 0 is black");
        // image 4 sits in row 1, column 1
        int x0 = 2 + 1 * (3 + 2);
        int y0 = 2 + 1 * (4 + 2);
        assertEquals(255, grey(png, x0, y0));
        assertEquals(Math.round(0.4f * 255), grey(png, x0 + 1, y0 + 1));
        // the empty sixth cell stays padding grey
        assertEquals(SampleGridRenderer.PADDING_GREY, grey(png, 2 + 2 * 5 + 1, y0 + 1));
    }

    @Test
    void upscalesAndHonoursColumns() throws IOException {
        BufferedImage png = decode(new SampleGridRenderer(2, 3).render(images(2, 2, 2), 2, 1, 2, 2));
        assertEquals(2 * 6 + 3 * 2, png.getWidth());
        assertEquals(6 + 2 * 2, png.getHeight());
        // the white (0,0) source pixel of image 1 covers a 3x3 block
        int x0 = 2 + 6 + 2;
        for (int d = 0; d < 3; d++) {
            assertEquals(255, grey(png, x0 + d, 2 + d));
        }
        assertEquals(Math.round(0.1f * 255), grey(png, x0 + 3, 2));
    }

    @Test
    void rendersRgbFromAThreeChannelBatchAndClamps() throws IOException {
        float[] data = new float[3 * 1 * 1];
        data[0] = 2f;      // red, clamped to 1
        data[1] = -1f;     // green, clamped to 0
        data[2] = Float.NaN; // blue, NaN -> 0
        BufferedImage png = decode(new SampleGridRenderer().render(new SampleBatch(List.of(1, 3, 1, 1), data)));
        assertEquals(0xff0000, png.getRGB(2, 2) & 0xffffff);
    }

    @Test
    void rejectsShapeMismatch() {
        assertThrows(IllegalArgumentException.class,
                () -> new SampleGridRenderer().render(new float[10], 2, 1, 2, 2));
        assertThrows(IllegalArgumentException.class,
                () -> new SampleGridRenderer().render(new float[8], 2, 2, 1, 2));
    }
}
