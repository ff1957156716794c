package dev.ganforge.trainer.evaluate;

import dev.ganforge.shared.model.LatentCodes;
import java.util.ArrayList;
import java.util.List;

/**
 * How well InfoGAN's codes took on meaning without labels. The categorical code: the reference classifier's
 * accuracy after the best one-to-one matching of code values to classes (the code is free to number the digits
 * its own way). Each continuous code: its correlation with the image's slant (the shear μ₁₁/μ₀₂ of the second-order
 * moments of the ink) and with its ink (mean intensity), which the paper's MNIST codes come to control.
 *
 * @param accuracy     fraction of samples classified as the class matched to their category
 * @param classOfCode  the matched class of every code value
 * @param slant        per continuous code, Pearson correlation with the slant
 * @param ink          per continuous code, Pearson correlation with the mean intensity
 */
public record CodeEvaluation(double accuracy, List<Integer> classOfCode, List<Double> slant, List<Double> ink) {

    public CodeEvaluation {
        classOfCode = List.copyOf(classOfCode);
        slant = List.copyOf(slant);
        ink = List.copyOf(ink);
    }

    /**
     * @param z         the latents the images were drawn from ({@code count × latentSize})
     * @param predicted the classifier's class per image
     * @param images    {@code count} images of {@code height × width} (one channel)
     */
    public static CodeEvaluation of(LatentCodes codes, float[] z, int latentSize, int[] predicted, int classes,
                                    float[] images, int height, int width) {
        int count = predicted.length;
        int[][] confusion = new int[codes.categories()][classes];
        for (int i = 0; i < count; i++) {
            confusion[codes.category(z, latentSize, i)][predicted[i]]++;
        }
        int[] match = bestMatching(confusion, classes);
        int hits = 0;
        for (int i = 0; i < count; i++) {
            if (match[codes.category(z, latentSize, i)] == predicted[i]) {
                hits++;
            }
        }
        double[] slants = new double[count];
        double[] inks = new double[count];
        int pixels = height * width;
        for (int i = 0; i < count; i++) {
            slants[i] = slant(images, i * pixels, height, width);
            double sum = 0;
            for (int p = 0; p < pixels; p++) {
                sum += images[i * pixels + p];
            }
            inks[i] = sum / pixels;
        }
        List<Double> slant = new ArrayList<>();
        List<Double> ink = new ArrayList<>();
        for (int j = 0; j < codes.continuous(); j++) {
            double[] c = new double[count];
            for (int i = 0; i < count; i++) {
                c[i] = codes.continuous(z, latentSize, i, j);
            }
            slant.add(pearson(c, slants));
            ink.add(pearson(c, inks));
        }
        List<Integer> classOfCode = new ArrayList<>();
        for (int m : match) {
            classOfCode.add(m);
        }
        return new CodeEvaluation((double) hits / count, classOfCode, slant, ink);
    }

    /**
     * The assignment of code values to distinct classes that agrees with the most samples: a dynamic programme over
     * the sets of classes already taken (2^classes states; 1,024 for digits), exact where a greedy pick is not.
     */
    static int[] bestMatching(int[][] confusion, int classes) {
        int codes = confusion.length;
        if (codes > classes || classes > 20) {
            throw new IllegalArgumentException("cannot match " + codes + " code values to " + classes + " classes");
        }
        int states = 1 << classes;
        int[] best = new int[states];
        int[] choice = new int[states];
        java.util.Arrays.fill(best, -1);
        best[0] = 0;
        for (int mask = 0; mask < states; mask++) {
            int code = Integer.bitCount(mask);
            if (best[mask] < 0 || code >= codes) {
                continue;
            }
            for (int c = 0; c < classes; c++) {
                int next = mask | 1 << c;
                if (next != mask && best[mask] + confusion[code][c] > best[next]) {
                    best[next] = best[mask] + confusion[code][c];
                    choice[next] = c;
                }
            }
        }
        int end = -1;
        for (int mask = 0; mask < states; mask++) {
            if (Integer.bitCount(mask) == codes && (end < 0 || best[mask] > best[end])) {
                end = mask;
            }
        }
        int[] match = new int[codes];
        for (int code = codes - 1, mask = end; code >= 0; code--) {
            match[code] = choice[mask];
            mask &= ~(1 << choice[mask]);
        }
        return match;
    }

    /** The shear μ₁₁/μ₀₂ of the image's ink: positive leans one way, negative the other, 0 upright. */
    static double slant(float[] images, int offset, int height, int width) {
        double mass = 0;
        double mx = 0;
        double my = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = images[offset + y * width + x];
                mass += v;
                mx += v * x;
                my += v * y;
            }
        }
        if (mass <= 0) {
            return 0;
        }
        mx /= mass;
        my /= mass;
        double mu11 = 0;
        double mu02 = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = images[offset + y * width + x];
                mu11 += v * (x - mx) * (y - my);
                mu02 += v * (y - my) * (y - my);
            }
        }
        return mu02 <= 0 ? 0 : mu11 / mu02;
    }

    static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (int i = 0; i < n; i++) {
            cov += (a[i] - ma) * (b[i] - mb);
            va += (a[i] - ma) * (a[i] - ma);
            vb += (b[i] - mb) * (b[i] - mb);
        }
        return va <= 0 || vb <= 0 ? 0 : cov / Math.sqrt(va * vb);
    }
}
