package dev.ganforge.bench.service;

import dev.ganforge.bench.Median;
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
        return Median.of(swaps.stream().mapToDouble(SwapTiming::visibleMillis));
    }

    public double maxVisibleMillis() {
        return swaps.stream().mapToDouble(SwapTiming::visibleMillis).max().orElse(Double.NaN);
    }

    public double medianPublishMillis() {
        return Median.of(swaps.stream().mapToDouble(SwapTiming::publishMillis));
    }
}
