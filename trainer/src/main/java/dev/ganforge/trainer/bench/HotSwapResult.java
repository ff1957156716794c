package dev.ganforge.trainer.bench;

import java.util.List;
import java.util.Map;

/**
 * What {@code ganforge bench hotswap} measured: each swap, and every request of the background load that ran
 * across all of them.
 *
 * @param errorKinds how the errors split: {@code "http 503"}, {@code "IOException"}, …
 */
public record HotSwapResult(int modelBytes, List<SwapTiming> swaps, long requests, long errors,
                            Map<String, Long> errorKinds) {

    public HotSwapResult {
        swaps = List.copyOf(swaps);
        errorKinds = Map.copyOf(errorKinds);
    }

    /** Median of {@link SwapTiming#visibleMillis} (mean of the middle two for an even count). */
    public double medianVisibleMillis() {
        double[] sorted = swaps.stream().mapToDouble(SwapTiming::visibleMillis).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public double maxVisibleMillis() {
        return swaps.stream().mapToDouble(SwapTiming::visibleMillis).max().orElse(Double.NaN);
    }

    public double medianPublishMillis() {
        double[] sorted = swaps.stream().mapToDouble(SwapTiming::publishMillis).sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }
}
