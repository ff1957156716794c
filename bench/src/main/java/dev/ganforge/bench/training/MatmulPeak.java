package dev.ganforge.bench.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The engine's measured dense float32 matmul rate: the yardstick for the fraction of the machine training
 * achieves. Measured rather than taken from a spec sheet because the cores are shared and throttled.
 */
public final class MatmulPeak {

    private MatmulPeak() {
    }

    /**
     * Best of {@code repeats} timings of an n×n by n×n product on {@code manager}'s device, after one warm-up.
     *
     * @return FLOP/s (2n³ per product)
     */
    public static double measure(NDManager manager, int n, int repeats) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray a = scope.randomNormal(new Shape(n, n));
            NDArray b = scope.randomNormal(new Shape(n, n));
            a.matMul(b).getFloat(0, 0);
            long best = Long.MAX_VALUE;
            for (int i = 0; i < repeats; i++) {
                long start = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    // Reading a value forces the product to have been computed.
                    c.getFloat(0, 0);
                }
                best = Math.min(best, System.nanoTime() - start);
            }
            return 2.0 * n * n * n / (best / 1e9);
        }
    }
}
