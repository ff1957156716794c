package dev.ganforge.bench.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HotSwapResultTest {

    @Test
    void medianAndMaxOfTheVisibleTimes() {
        HotSwapResult odd = new HotSwapResult(10, List.of(new SwapTiming(2, 50, 300), new SwapTiming(3, 40, 100),
                new SwapTiming(4, 60, 200)), 500, 0, Map.of());
        assertEquals(200, odd.medianVisibleMillis());
        assertEquals(300, odd.maxVisibleMillis());
        assertEquals(50, odd.medianPublishMillis());
        HotSwapResult even = new HotSwapResult(10, List.of(new SwapTiming(2, 1, 100), new SwapTiming(3, 1, 400)),
                500, 0, Map.of());
        assertEquals(250, even.medianVisibleMillis());
        assertEquals(1, even.medianPublishMillis());
        assertEquals(Double.NaN, new HotSwapResult(0, List.of(), 0, 0, Map.of()).medianVisibleMillis());
    }
}
