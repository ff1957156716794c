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
    void cyclingLabelsGetOneColumnPerClassAndWholeRows() {
        assertEquals(10, SampleGridRenderer.columnsFor(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1}, 10));
        assertEquals(0, SampleGridRenderer.columnsFor(new long[] {3, 3, 3}, 10), "one fixed class");
        assertEquals(0, SampleGridRenderer.columnsFor(new long[] {0, 1, 2}, 0), "unconditional");
        assertEquals(0, SampleGridRenderer.columnsFor(null, 10));
        assertEquals(70, SampleGridRenderer.wholeRows(64, 10));
        assertEquals(70, SampleGridRenderer.wholeRows(70, 10));
        assertEquals(64, SampleGridRenderer.wholeRows(64, 0));
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

    /**
     * Every decoded pixel of a small batch equals what a plain per-pixel layout (the renderer before it wrote
     * the backing array directly) puts there: padding grey, clamped values, NaN black, upscaled blocks.
     */
    @Test
    void decodedGreyPixelsEqualThePerPixelLayout() throws IOException {
        int n = 5;
        int h = 3;
        int w = 4;
        float[] data = varied(n * h * w);
        for (int scale : new int[] {1, 3}) {
            for (int columns : new int[] {0, 2}) {
                SampleGridRenderer renderer = new SampleGridRenderer(columns, scale);
                BufferedImage png = decode(renderer.render(data, n, 1, h, w));
                int[][] expected = perPixelLayout(data, n, 1, h, w, columns, scale);
                assertEquals(expected.length, png.getHeight(), "height, scale " + scale);
                assertEquals(expected[0].length, png.getWidth(), "width, scale " + scale);
                for (int y = 0; y < png.getHeight(); y++) {
                    for (int x = 0; x < png.getWidth(); x++) {
                        assertEquals(expected[y][x] & 0xff, grey(png, x, y),
                                "(" + x + ", " + y + "), scale " + scale + ", columns " + columns);
                    }
                }
            }
        }
    }

    @Test
    void decodedRgbPixelsEqualThePerPixelLayout() throws IOException {
        int n = 3;
        int h = 2;
        int w = 3;
        float[] data = varied(n * 3 * h * w);
        BufferedImage png = decode(new SampleGridRenderer(0, 2).render(data, n, 3, h, w));
        int[][] expected = perPixelLayout(data, n, 3, h, w, 0, 2);
        assertEquals(expected.length, png.getHeight());
        assertEquals(expected[0].length, png.getWidth());
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                assertEquals(expected[y][x], png.getRGB(x, y) & 0xffffff, "(" + x + ", " + y + ")");
            }
        }
    }

    /** Values across and beyond [0, 1], with NaN and infinities, none of them a run of equal neighbours. */
    private static float[] varied(int length) {
        float[] specials = {-0.5f, 1.5f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, 1f};
        float[] data = new float[length];
        for (int i = 0; i < length; i++) {
            data[i] = i % 9 < specials.length ? specials[i % 9] : (i * 37 % 101) / 100f;
        }
        for (int i = 0; i < length; i += 2) {
            data[i] = (i * 53 % 97) / 96f;
        }
        return data;
    }

    /** The grid as 0xRRGGBB per pixel (grey g as 0xgggggg), laid out one output pixel at a time. */
    private static int[][] perPixelLayout(float[] data, int n, int channels, int h, int w, int columns, int scale) {
        int cols = columns == 0 ? (int) Math.ceil(Math.sqrt(n)) : Math.min(columns, n);
        int rows = (n + cols - 1) / cols;
        int pad = SampleGridRenderer.PADDING;
        int[][] out = new int[rows * h * scale + (rows + 1) * pad][cols * w * scale + (cols + 1) * pad];
        int grey = SampleGridRenderer.PADDING_GREY;
        for (int[] row : out) {
            java.util.Arrays.fill(row, grey << 16 | grey << 8 | grey);
        }
        for (int k = 0; k < n; k++) {
            int x0 = pad + (k % cols) * (w * scale + pad);
            int y0 = pad + (k / cols) * (h * scale + pad);
            for (int y = 0; y < h * scale; y++) {
                for (int x = 0; x < w * scale; x++) {
                    int rgb = 0;
                    for (int c = 0; c < 3; c++) {
                        int channel = channels == 1 ? 0 : c;
                        float v = data[((k * channels + channel) * h + y / scale) * w + x / scale];
                        int b = Float.isNaN(v) ? 0 : Math.round(Math.max(0f, Math.min(1f, v)) * 255);
                        rgb = rgb << 8 | b;
                    }
                    out[y0 + y][x0 + x] = rgb;
                }
            }
        }
        return out;
    }

    @Test
    void rejectsShapeMismatch() {
        assertThrows(IllegalArgumentException.class,
                () -> new SampleGridRenderer().render(new float[10], 2, 1, 2, 2));
        assertThrows(IllegalArgumentException.class,
                () -> new SampleGridRenderer().render(new float[8], 2, 2, 1, 2));
    }
}
