package dev.ganforge.shared.render;

import dev.ganforge.shared.model.SampleBatch;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.List;

/**
 * Lays out {@code [N, C, H, W]} images with values in [0, 1] as a PNG grid, {@value #PADDING} px of mid-grey
 * between and around tiles so that black-background digits stay distinguishable. One channel renders as
 * greyscale, three as RGB. Values are clamped; NaN renders black.
 */
public final class SampleGridRenderer {

    public static final int PADDING = 2;
    public static final int PADDING_GREY = 128;

    private final int columns;
    private final int scale;

    /** ceil(sqrt(N)) columns, no upscaling. */
    public SampleGridRenderer() {
        this(0, 1);
    }

    /**
     * @param columns tiles per row, or 0 for ceil(sqrt(N))
     * @param scale   integer upscale factor per pixel (nearest neighbour), at least 1
     */
    public SampleGridRenderer(int columns, int scale) {
        if (columns < 0 || scale < 1) {
            throw new IllegalArgumentException("columns must be >= 0 and scale >= 1, got " + columns + ", " + scale);
        }
        this.columns = columns;
        this.scale = scale;
    }

    /** A batch shaped {@code [N, C, H, W]} or {@code [N, H, W]}. */
    public byte[] render(SampleBatch batch) {
        List<Integer> shape = batch.shape();
        return switch (shape.size()) {
            case 4 -> render(batch.data(), shape.get(0), shape.get(1), shape.get(2), shape.get(3));
            case 3 -> render(batch.data(), shape.get(0), 1, shape.get(1), shape.get(2));
            default -> throw new IllegalArgumentException("images need shape [N, C, H, W], got " + shape);
        };
    }

    public byte[] render(float[] images, int n, int channels, int height, int width) {
        return PngEncoder.encode(image(images, n, channels, height, width));
    }

    /** The grid as an image, for callers that compose it further. */
    public BufferedImage image(float[] images, int n, int channels, int height, int width) {
        if (n < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("need at least one non-empty image, got [" + n + ", " + channels
                    + ", " + height + ", " + width + "]");
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images need 1 or 3 channels, got " + channels);
        }
        if ((long) n * channels * height * width != images.length) {
            throw new IllegalArgumentException("[" + n + ", " + channels + ", " + height + ", " + width + "] needs "
                    + (long) n * channels * height * width + " values, got " + images.length);
        }
        int cols = columns == 0 ? (int) Math.ceil(Math.sqrt(n)) : Math.min(columns, n);
        int rows = (n + cols - 1) / cols;
        int tileW = width * scale;
        int tileH = height * scale;
        int imageW = cols * tileW + (cols + 1) * PADDING;
        int imageH = rows * tileH + (rows + 1) * PADDING;
        BufferedImage out = new BufferedImage(imageW, imageH,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        WritableRaster raster = out.getRaster();
        int bands = raster.getNumBands();
        int[] fill = new int[imageW * imageH * bands];
        java.util.Arrays.fill(fill, PADDING_GREY);
        raster.setPixels(0, 0, imageW, imageH, fill);
        int plane = height * width;
        int[] pixel = new int[bands];
        for (int k = 0; k < n; k++) {
            int x0 = PADDING + (k % cols) * (tileW + PADDING);
            int y0 = PADDING + (k / cols) * (tileH + PADDING);
            int base = k * channels * plane;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    for (int c = 0; c < bands; c++) {
                        pixel[c] = toByte(images[base + c * plane + y * width + x]);
                    }
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            raster.setPixel(x0 + x * scale + dx, y0 + y * scale + dy, pixel);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static int toByte(float v) {
        if (!(v > 0)) {
            return 0;
        }
        return v >= 1 ? 255 : Math.round(v * 255);
    }
}
