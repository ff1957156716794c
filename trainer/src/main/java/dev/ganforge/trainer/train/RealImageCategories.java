package dev.ganforge.trainer.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * {@code categories-on-real.csv} of an InfoGAN run: per epoch, how Q sorts the real training images it saw into the
 * categorical code's values (the share of each argmax). It needs no labels, and it is the one sign of InfoGAN's
 * usual failure a run can see by itself: when the code splits one digit over two values and merges two digits into
 * one, the merged value takes about twice its share of real images and the split ones half theirs, while Q still
 * recovers the code from generated images perfectly. Q's estimates on real images are computed by every D step
 * anyway, so this costs one small copy per step.
 */
public final class RealImageCategories {

    public static final String FILE = "categories-on-real.csv";

    /**
     * One epoch's tally.
     *
     * @param images real images Q saw in the epoch (fewer for the first epoch after resuming mid-epoch)
     * @param shares fraction of them whose most likely category was each value
     */
    public record Row(int epoch, long images, double[] shares) {

        /** Total variation from uniform: 0 when every value takes an equal share, 1 − 1/K when one takes all. */
        public double totalVariation() {
            double sum = 0;
            for (double share : shares) {
                sum += Math.abs(share - 1.0 / shares.length);
            }
            return sum / 2;
        }

        public double least() {
            double least = 1;
            for (double share : shares) {
                least = Math.min(least, share);
            }
            return least;
        }

        public double most() {
            double most = 0;
            for (double share : shares) {
                most = Math.max(most, share);
            }
            return most;
        }

        String csv() {
            StringJoiner line = new StringJoiner(",");
            line.add(Integer.toString(epoch)).add(Long.toString(images))
                    .add(String.format(Locale.ROOT, "%.4f", totalVariation()));
            for (double share : shares) {
                line.add(String.format(Locale.ROOT, "%.4f", share));
            }
            return line.toString();
        }
    }

    private final Path file;
    private final long[] counts;

    private RealImageCategories(Path file, int categories) {
        this.file = file;
        this.counts = new long[categories];
    }

    /**
     * Opens the file of {@code runDir}, keeping the rows of the epochs the checkpoint completed (none for a fresh
     * run), as {@link MetricsLog} keeps its rows.
     */
    static RealImageCategories open(Path runDir, int categories, int epochsCompleted) throws IOException {
        Path file = runDir.resolve(FILE);
        List<String> lines = new ArrayList<>();
        lines.add(header(categories));
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("epoch")
                        && Integer.parseInt(line.substring(0, line.indexOf(','))) <= epochsCompleted) {
                    lines.add(line);
                }
            }
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        return new RealImageCategories(file, categories);
    }

    private static String header(int categories) {
        StringJoiner header = new StringJoiner(",").add("epoch").add("images").add("total_variation");
        for (int c = 0; c < categories; c++) {
            header.add("share_" + c);
        }
        return header.toString();
    }

    /** Counts one batch's most likely categories. */
    void count(long[] argmax) {
        for (long category : argmax) {
            counts[(int) category]++;
        }
    }

    /** Appends the epoch's row and starts counting the next. */
    Row endEpoch(int epoch) {
        long images = Arrays.stream(counts).sum();
        double[] shares = new double[counts.length];
        for (int c = 0; c < counts.length; c++) {
            shares[c] = images == 0 ? 0 : (double) counts[c] / images;
        }
        Arrays.fill(counts, 0);
        Row row = new Row(epoch, images, shares);
        try {
            Files.writeString(file, row.csv() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
        return row;
    }
}
