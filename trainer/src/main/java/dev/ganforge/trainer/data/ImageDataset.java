package dev.ganforge.trainer.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Labelled greyscale images ready for training: {@code n × channels × height × width} floats in [0, 1],
 * row-major, with one label per image.
 *
 * @param id          dataset id recorded in model metadata, e.g. {@code mnist} or {@code mnist#held-out}
 * @param fingerprint lower-case hex SHA-256 over the unsigned pixel bytes and then the label bytes actually
 *                    included, so two runs can tell whether they saw the same data
 */
public record ImageDataset(
        int n,
        int height,
        int width,
        int channels,
        float[] pixels,
        int[] labels,
        List<String> labelNames,
        String id,
        String fingerprint) {

    public ImageDataset {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fingerprint, "fingerprint");
        labelNames = List.copyOf(labelNames);
        if ((long) n * channels * height * width != pixels.length) {
            throw new IllegalArgumentException(id + ": " + n + "x" + channels + "x" + height + "x" + width
                    + " images need " + (long) n * channels * height * width + " floats, got " + pixels.length);
        }
        if (labels.length != n) {
            throw new IllegalArgumentException(id + ": " + n + " images but " + labels.length + " labels");
        }
        for (int label : labels) {
            if (label < 0 || label >= labelNames.size()) {
                throw new IllegalArgumentException(id + ": label " + label + " outside the "
                        + labelNames.size() + " known classes");
            }
        }
    }

    /** Every sample of {@code data}. */
    public static ImageDataset of(String id, LabelledImages data, List<String> labelNames) {
        int[] all = new int[data.count()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return of(id, data, labelNames, all);
    }

    /** The samples of {@code data} at {@code indices}, in that order. */
    public static ImageDataset of(String id, LabelledImages data, List<String> labelNames, int[] indices) {
        IdxImages images = data.images();
        int size = images.pixelsPerImage();
        float[] pixels = new float[indices.length * size];
        int[] labels = new int[indices.length];
        MessageDigest sha = sha256();
        byte[] labelBytes = new byte[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            int from = i * size;
            sha.update(images.pixels(), from, size);
            for (int p = 0; p < size; p++) {
                pixels[k * size + p] = (images.pixels()[from + p] & 0xff) / 255f;
            }
            labelBytes[k] = data.labels()[i];
            labels[k] = data.labels()[i] & 0xff;
        }
        sha.update(labelBytes);
        return new ImageDataset(indices.length, images.rows(), images.cols(), 1, pixels, labels, labelNames, id,
                HexFormat.of().formatHex(sha.digest()));
    }

    public int pixelsPerImage() {
        return channels * height * width;
    }

    public int labelCount() {
        return labelNames.size();
    }

    /** Pixels of the images at {@code indices}, concatenated: a {@code [k, C, H, W]} batch. */
    public float[] gather(int[] indices) {
        int size = pixelsPerImage();
        float[] out = new float[indices.length * size];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(pixels, indices[k] * size, out, k * size, size);
        }
        return out;
    }

    /** Labels of the images at {@code indices}. */
    public int[] gatherLabels(int[] indices) {
        int[] out = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            out[k] = labels[indices[k]];
        }
        return out;
    }

    public double meanPixel() {
        double sum = 0;
        for (float p : pixels) {
            sum += p;
        }
        return pixels.length == 0 ? 0 : sum / pixels.length;
    }

    /** Number of images per class, indexed by label. */
    public int[] classCounts() {
        int[] counts = new int[labelNames.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
