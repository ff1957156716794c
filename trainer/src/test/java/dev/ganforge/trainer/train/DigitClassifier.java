package dev.ganforge.trainer.train;

import dev.ganforge.trainer.data.ImageDataset;
import java.util.Random;

/**
 * Multinomial logistic regression on raw pixels, trained by plain SGD: an independent judge of generated digits
 * (about 85–90 % on real MNIST), sharing nothing with the GAN code.
 */
final class DigitClassifier {

    private final int features;
    private final double[] weights;

    private DigitClassifier(int features) {
        this.features = features;
        this.weights = new double[10 * (features + 1)];
    }

    static DigitClassifier train(ImageDataset data, int count, int epochs, long seed) {
        int size = data.pixelsPerImage();
        DigitClassifier c = new DigitClassifier(size);
        Random random = new Random(seed);
        double[] p = new double[10];
        for (int e = 0; e < epochs; e++) {
            for (int k = 0; k < count; k++) {
                int i = random.nextInt(count);
                float[] x = new float[size];
                System.arraycopy(data.pixels(), i * size, x, 0, size);
                c.probabilities(x, 0, p);
                for (int cls = 0; cls < 10; cls++) {
                    double g = p[cls] - (data.labels()[i] == cls ? 1 : 0);
                    int base = cls * (size + 1);
                    for (int f = 0; f < size; f++) {
                        c.weights[base + f] -= 0.05 * g * x[f];
                    }
                    c.weights[base + size] -= 0.05 * g;
                }
            }
        }
        return c;
    }

    int predict(float[] images, int index) {
        double[] p = new double[10];
        probabilities(images, index * features, p);
        int best = 0;
        for (int cls = 1; cls < 10; cls++) {
            if (p[cls] > p[best]) {
                best = cls;
            }
        }
        return best;
    }

    private void probabilities(float[] x, int offset, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int cls = 0; cls < 10; cls++) {
            int base = cls * (features + 1);
            double s = weights[base + features];
            for (int f = 0; f < features; f++) {
                s += weights[base + f] * x[offset + f];
            }
            p[cls] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int cls = 0; cls < 10; cls++) {
            p[cls] = Math.exp(p[cls] - max);
            sum += p[cls];
        }
        for (int cls = 0; cls < 10; cls++) {
            p[cls] /= sum;
        }
    }
}
