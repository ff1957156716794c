package dev.ganforge.trainer.data;

/**
 * The content of an IDX image file ({@code magic 0x00000803}): {@code count} images of {@code rows × cols}
 * unsigned bytes, row-major.
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {

    public IdxImages {
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("bad image dimensions [" + count + ", " + rows + ", " + cols + "]");
        }
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException("[" + count + ", " + rows + ", " + cols + "] images need "
                    + (long) count * rows * cols + " bytes, got " + pixels.length);
        }
    }

    public int pixelsPerImage() {
        return rows * cols;
    }
}
