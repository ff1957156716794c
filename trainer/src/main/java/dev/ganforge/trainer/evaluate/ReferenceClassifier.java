package dev.ganforge.trainer.evaluate;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ganforge.trainer.data.ImageDataset;
import dev.ganforge.trainer.engine.ConvolutionCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trained LeNet that labels images and exposes its penultimate activations, the feature space FID is
 * measured in. Inputs are {@code [N, C, H, W]} floats in [0, 1], exactly what datasets and generators give.
 */
public final class ReferenceClassifier implements AutoCloseable {

    static final String MODEL_NAME = "lenet";
    static final String INFO_FILE = "classifier.json";

    private static final int BATCH = 500;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Model model;
    private final Block features;
    private final Block head;
    private final ClassifierInfo info;

    ReferenceClassifier(Model model, ClassifierInfo info) {
        this.model = model;
        this.info = info;
        SequentialBlock network = (SequentialBlock) model.getBlock();
        this.features = network.getChildren().get(0).getValue();
        this.head = network.getChildren().get(1).getValue();
    }

    public ClassifierInfo info() {
        return info;
    }

    /** Classifies {@code count} images laid out row-major as {@code [count, C, H, W]}. */
    public Classification classify(float[] images, int count) {
        int size = info.pixelsPerImage();
        if ((long) count * size != images.length) {
            throw new IllegalArgumentException("the classifier takes " + info.channels() + "x" + info.height() + "x"
                    + info.width() + " images: " + count + " of them need " + (long) count * size
                    + " floats, got " + images.length);
        }
        int[] predicted = new int[count];
        float[] confidence = new float[count];
        float[] featureRows = new float[count * LeNet.FEATURES];
        for (int from = 0; from < count; from += BATCH) {
            int n = Math.min(BATCH, count - from);
            try (NDManager batch = model.getNDManager().newSubManager()) {
                float[] slice = new float[n * size];
                System.arraycopy(images, from * size, slice, 0, slice.length);
                NDArray x = batch.create(slice, new Shape(n, info.channels(), info.height(), info.width()));
                ParameterStore store = new ParameterStore(batch, false);
                NDList f = features.forward(store, new NDList(x), false);
                NDArray logits = head.forward(store, f, false).singletonOrThrow();
                System.arraycopy(f.singletonOrThrow().toFloatArray(), 0, featureRows, from * LeNet.FEATURES,
                        n * LeNet.FEATURES);
                long[] classes = logits.argMax(1).toLongArray();
                float[] probabilities = logits.softmax(1).max(new int[] {1}).toFloatArray();
                for (int i = 0; i < n; i++) {
                    predicted[from + i] = (int) classes[i];
                    confidence[from + i] = probabilities[i];
                }
            }
        }
        return new Classification(predicted, confidence, featureRows, LeNet.FEATURES);
    }

    /** Fraction of {@code data} classified as its label. */
    public double accuracy(ImageDataset data) {
        int[] predicted = classify(data.pixels(), data.n()).predicted();
        int hits = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == data.labels()[i]) {
                hits++;
            }
        }
        return (double) hits / data.n();
    }

    ReferenceClassifier withInfo(ClassifierInfo newInfo) {
        return new ReferenceClassifier(model, newInfo);
    }

    /** Writes weights and {@code classifier.json} into {@code dir}. */
    public void save(Path dir) {
        try {
            Files.createDirectories(dir);
            model.save(dir, MODEL_NAME);
            JSON.writeValue(dir.resolve(INFO_FILE).toFile(), info);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the reference classifier to " + dir, e);
        }
    }

    /** Loads what {@link #save(Path)} wrote. */
    public static ReferenceClassifier load(Path dir) {
        try {
            ClassifierInfo info = JSON.readValue(dir.resolve(INFO_FILE).toFile(), ClassifierInfo.class);
            ConvolutionCheck.ensureCorrect();
            Model model = Model.newInstance(MODEL_NAME);
            model.setBlock(LeNet.network(info.labelNames().size()));
            try {
                model.load(dir, MODEL_NAME);
            } catch (MalformedModelException | IOException | RuntimeException e) {
                model.close();
                throw e;
            }
            return new ReferenceClassifier(model, info);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("cannot load the reference classifier from " + dir + ": " + e.getMessage()
                    + " (delete the directory to retrain it)", e);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
