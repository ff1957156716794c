package dev.ganforge.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.ganforge.trainer.data.ImageDataset;
import java.util.List;
import java.util.Random;

/**
 * Shuffled mini-batches of an {@link ImageDataset}, reshuffled every epoch, the last incomplete batch dropped.
 * Pixels are scaled to the generator's range: [0, 1] as stored, or [−1, 1] for tanh generators.
 */
public final class ImageTrainingData implements TrainingData {

    private final ImageDataset dataset;
    private final boolean symmetricRange;
    private int cachedEpoch = -1;
    private int[] cachedOrder;

    public ImageTrainingData(ImageDataset dataset, boolean symmetricRange) {
        this.dataset = dataset;
        this.symmetricRange = symmetricRange;
    }

    public ImageDataset dataset() {
        return dataset;
    }

    @Override
    public String id() {
        return dataset.id();
    }

    @Override
    public String fingerprint() {
        return dataset.fingerprint();
    }

    @Override
    public int size() {
        return dataset.n();
    }

    @Override
    public List<String> labelNames() {
        return dataset.labelNames();
    }

    @Override
    public TrainingBatch batch(long index, int batchSize, RandomStreams random, NDManager manager) {
        if (dataset.n() < batchSize) {
            throw new IllegalArgumentException(dataset.id() + " has " + dataset.n() + " images, fewer than a batch of "
                    + batchSize);
        }
        int perEpoch = batchesPerEpoch(batchSize);
        int epoch = (int) (index / perEpoch);
        int offset = (int) (index % perEpoch) * batchSize;
        int[] order = order(epoch, random);
        int[] indices = new int[batchSize];
        System.arraycopy(order, offset, indices, 0, batchSize);
        float[] pixels = dataset.gather(indices);
        if (symmetricRange) {
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = pixels[i] * 2 - 1;
            }
        }
        NDArray samples = manager.create(pixels,
                new Shape(batchSize, dataset.channels(), dataset.height(), dataset.width()));
        int[] labels = dataset.gatherLabels(indices);
        long[] wide = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            wide[i] = labels[i];
        }
        return new TrainingBatch(samples, manager.create(wide));
    }

    private int[] order(int epoch, RandomStreams random) {
        if (epoch != cachedEpoch) {
            int[] order = new int[dataset.n()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Random shuffle = random.stream(RandomStreams.SHUFFLE, epoch);
            for (int i = order.length - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            cachedOrder = order;
            cachedEpoch = epoch;
        }
        return cachedOrder;
    }

    /**
     * The first {@code n} images of {@code images}, fingerprinted like the data package does (SHA-256 over the
     * unsigned pixel bytes, then the label bytes), since the fingerprint must describe the data actually used.
     */
    public static ImageDataset firstImages(ImageDataset images, int n) {
        int size = images.pixelsPerImage();
        float[] pixels = java.util.Arrays.copyOf(images.pixels(), n * size);
        int[] labels = java.util.Arrays.copyOf(images.labels(), n);
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] bytes = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            bytes[i] = (byte) Math.round(pixels[i] * 255f);
        }
        sha.update(bytes);
        byte[] labelBytes = new byte[n];
        for (int i = 0; i < n; i++) {
            labelBytes[i] = (byte) labels[i];
        }
        sha.update(labelBytes);
        return new ImageDataset(n, images.height(), images.width(), images.channels(), pixels, labels,
                images.labelNames(), images.id(), java.util.HexFormat.of().formatHex(sha.digest()));
    }
}
