package dev.ganforge.shared.render;

import dev.ganforge.shared.model.SampleBatch;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.util.Arrays;
import java.util.List;

/**
 * Lays out {@code [N, C, H, W]} images with values in [0, 1] as a PNG grid, {@value #PADDING} px of mid-grey
 * between and around tiles so that black-background digits stay distinguishable. One channel renders as
 * greyscale, three as RGB. Values are clamped; NaN renders black.
 *
 * <p>This is the default body of every sample request, so it writes the image's backing array directly: one
 * {@code setPixel} per output pixel cost as much as the PNG compression (the lab notebook in docs/benchmarks.md's
 * git history).
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

    /**
     * Columns for samples whose labels are {@code labels}: one per class when they cycle 0, 1, …, L−1 (so each column
     * holds one class), else 0 (ceil(sqrt(N))).
     */
    public static int columnsFor(long[] labels, int classes) {
        if (classes <= 0 || labels == null || labels.length <= 1) {
            return 0;
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != i % classes) {
                return 0;
            }
        }
        return classes;
    }

    /** {@code count} rounded up to whole rows of {@code classes} tiles (unchanged when unconditional). */
    public static int wholeRows(int count, int classes) {
        return classes > 0 ? (count + classes - 1) / classes * classes : count;
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

    /**
     * The grid as an image, for callers that compose it further: {@link BufferedImage#TYPE_BYTE_GRAY} for one
     * channel, {@link BufferedImage#TYPE_INT_RGB} for three.
     */
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
        int imageW = cols * width * scale + (cols + 1) * PADDING;
        int imageH = rows * height * scale + (rows + 1) * PADDING;
        return channels == 1
                ? grey(images, n, cols, height, width, imageW, imageH)
                : rgb(images, n, cols, height, width, imageW, imageH);
    }

    // A freshly created TYPE_BYTE_GRAY / TYPE_INT_RGB image keeps one element per pixel, rows back to back, so
    // pixel (x, y) is element y * imageW + x of its data buffer.

    private BufferedImage grey(float[] images, int n, int cols, int height, int width, int imageW, int imageH) {
        BufferedImage out = new BufferedImage(imageW, imageH, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        Arrays.fill(pixels, (byte) PADDING_GREY);
        int plane = height * width;
        for (int k = 0; k < n; k++) {
            int tileStart = tileOrigin(k, cols, height, width, imageW);
            for (int y = 0; y < height; y++) {
                int row = tileStart + y * scale * imageW;
                int source = k * plane + y * width;
                for (int x = 0; x < width; x++) {
                    byte value = (byte) toByte(images[source + x]);
                    int at = row + x * scale;
                    for (int dx = 0; dx < scale; dx++) {
                        pixels[at + dx] = value;
                    }
                }
                repeatRow(pixels, row, width * scale, imageW);
            }
        }
        return out;
    }

    private BufferedImage rgb(float[] images, int n, int cols, int height, int width, int imageW, int imageH) {
        BufferedImage out = new BufferedImage(imageW, imageH, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        Arrays.fill(pixels, PADDING_GREY << 16 | PADDING_GREY << 8 | PADDING_GREY);
        int plane = height * width;
        for (int k = 0; k < n; k++) {
            int tileStart = tileOrigin(k, cols, height, width, imageW);
            for (int y = 0; y < height; y++) {
                int row = tileStart + y * scale * imageW;
                int source = 3 * k * plane + y * width;
                for (int x = 0; x < width; x++) {
                    int i = source + x;
                    int value = toByte(images[i]) << 16 | toByte(images[i + plane]) << 8
                            | toByte(images[i + 2 * plane]);
                    int at = row + x * scale;
                    for (int dx = 0; dx < scale; dx++) {
                        pixels[at + dx] = value;
                    }
                }
                repeatRow(pixels, row, width * scale, imageW);
            }
        }
        return out;
    }

    /** Index of tile k's top-left pixel. */
    private int tileOrigin(int k, int cols, int height, int width, int imageW) {
        int x0 = PADDING + (k % cols) * (width * scale + PADDING);
        int y0 = PADDING + (k / cols) * (height * scale + PADDING);
        return y0 * imageW + x0;
    }

    /** Upscales vertically: copies the tile row starting at {@code row} to the {@code scale - 1} rows below. */
    private void repeatRow(Object pixels, int row, int length, int imageW) {
        for (int dy = 1; dy < scale; dy++) {
            System.arraycopy(pixels, row, pixels, row + dy * imageW, length);
        }
    }

    private static int toByte(float v) {
        if (!(v > 0)) {
            return 0;
        }
        return v >= 1 ? 255 : Math.round(v * 255);
    }
}
