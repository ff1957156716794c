package dev.ganforge.bench.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class InferenceBenchmarkTest {

    @Test
    void percentileIsNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }
        assertArrayEquals(new long[] {50, 99, 100, 1},
                new long[] {InferenceBenchmark.percentile(sorted, 0.5), InferenceBenchmark.percentile(sorted, 0.99),
                    InferenceBenchmark.percentile(sorted, 1.0), InferenceBenchmark.percentile(sorted, 0.0)});
    }
}
