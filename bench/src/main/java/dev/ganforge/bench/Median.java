package dev.ganforge.bench;

import java.util.stream.DoubleStream;

/** The median every benchmark reports: the middle value, the mean of the middle two for an even count. */
public final class Median {

    private Median() {
    }

    /** NaN for no values. */
    public static double of(DoubleStream values) {
        double[] sorted = values.sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
