package dev.ganforge.trainer.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * {@code categories-on-real.csv} of an InfoGAN run: per epoch, how Q sorts the real training images it saw into the
 * categorical code's values. It needs no labels, so a run can watch its code by itself: Q recovers the code from
 * generated images almost perfectly whatever the code came to mean, but on real images a code that cut the data
 * into other groups than its classes shows, as categories of uneven share (one class split over two values, two
 * merged into one) or as images Q cannot place (a class drawn by several values along a continuous code). The
 * information figure is I(x; c) under Q on real images, H(E Q(c|x)) − E H(Q(c|x)), at most ln K. Q's estimates on
 * real images come with every D step anyway, so this costs one small copy per step.
 */
public final class RealImageCategories implements AutoCloseable {

    public static final String FILE = "categories-on-real.csv";

    /**
     * One epoch's tally.
     *
     * @param images           real images Q saw in the epoch (fewer for the first epoch after resuming mid-epoch)
     * @param shares           fraction of them whose most likely category was each value
     * @param meanEntropy      E H(Q(c|x)) in nats: 0 when Q is sure of every image
     * @param marginalEntropy  H(E Q(c|x)) in nats: ln K when the values are used alike
     */
    public record Row(int epoch, long images, double[] shares, double meanEntropy, double marginalEntropy) {

        /** Total variation of the shares from uniform: 0 when even, 1 − 1/K when one value takes all. */
        public double totalVariation() {
            double sum = 0;
            for (double share : shares) {
                sum += Math.abs(share - 1.0 / shares.length);
            }
            return sum / 2;
        }

        /** I(x; c) under Q in nats, at most ln K. */
        public double information() {
            return marginalEntropy - meanEntropy;
        }

        public double least() {
            return Arrays.stream(shares).min().orElse(0);
        }

        public double most() {
            return Arrays.stream(shares).max().orElse(0);
        }

        String csv() {
            StringJoiner line = new StringJoiner(",");
            line.add(Integer.toString(epoch)).add(Long.toString(images));
            for (double figure : new double[] {totalVariation(), information(), meanEntropy}) {
                line.add(String.format(Locale.ROOT, "%.4f", figure));
            }
            for (double share : shares) {
                line.add(String.format(Locale.ROOT, "%.4f", share));
            }
            return line.toString();
        }
    }

    private final ResumableCsv csv;
    private final long[] counts;
    private final double[] probabilitySums;
    private double entropySum;

    private RealImageCategories(ResumableCsv csv, int categories) {
        this.csv = csv;
        this.counts = new long[categories];
        this.probabilitySums = new double[categories];
    }

    /** Opens the file of {@code runDir}, keeping the rows of the epochs the checkpoint completed (none if new). */
    static RealImageCategories open(Path runDir, int categories, int epochsCompleted) throws IOException {
        return new RealImageCategories(ResumableCsv.open(runDir.resolve(FILE), header(categories), epochsCompleted),
                categories);
    }

    private static String header(int categories) {
        StringJoiner header = new StringJoiner(",")
                .add("epoch").add("images").add("total_variation").add("information").add("mean_entropy");
        for (int c = 0; c < categories; c++) {
            header.add("share_" + c);
        }
        return header.toString();
    }

    /** Counts one batch: Q's category probabilities, one row of K per image. */
    void count(float[] probabilities) {
        int k = counts.length;
        for (int from = 0; from < probabilities.length; from += k) {
            int best = 0;
            for (int c = 0; c < k; c++) {
                double p = probabilities[from + c];
                probabilitySums[c] += p;
                entropySum -= p > 0 ? p * Math.log(p) : 0;
                if (p > probabilities[from + best]) {
                    best = c;
                }
            }
            counts[best]++;
        }
    }

    /** Appends the epoch's row, durable at once, and starts counting the next. */
    Row endEpoch(int epoch) {
        long images = Arrays.stream(counts).sum();
        double seen = Math.max(1, images);
        double[] shares = new double[counts.length];
        double marginalEntropy = 0;
        for (int c = 0; c < counts.length; c++) {
            shares[c] = counts[c] / seen;
            double marginal = probabilitySums[c] / seen;
            marginalEntropy -= marginal > 0 ? marginal * Math.log(marginal) : 0;
        }
        Row row = new Row(epoch, images, shares, entropySum / seen, marginalEntropy);
        Arrays.fill(counts, 0);
        Arrays.fill(probabilitySums, 0);
        entropySum = 0;
        csv.append(row.csv());
        csv.flush();
        return row;
    }

    @Override
    public void close() {
        csv.close();
    }
}
