package dev.ganforge.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ganforge.shared.event.TrainingProgress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private static final Map<String, Double> LOSSES = new LinkedHashMap<>(Map.of("d", 0.61));

    @Test
    void barFillsWithTheShareOfStepsDone() {
        assertEquals("[###############...............]  50%  step 100/200  epoch 2  d 0.6100  340 img/s",
                ProgressBar.line(new TrainingProgress("r", "m", 2, 100, 200L, LOSSES, 340.4)));
        assertEquals("[##############################] 100%  step 200/200  epoch 3  d 0.6100  340 img/s",
                ProgressBar.line(new TrainingProgress("r", "m", 3, 200, 200L, LOSSES, 340.4)));
    }

    @Test
    void lossesAlwaysInTheSameOrder() {
        assertEquals("step 7  epoch 1  d 0.5000  g 1.2500  12 img/s",
                ProgressBar.line(new TrainingProgress("r", "m", 1, 7, null, Map.of("g", 1.25, "d", 0.5), 12)));
    }

    @Test
    void withoutATotalOnlyTheStep() {
        assertEquals("step 7  epoch 1  d 0.6100  12 img/s",
                ProgressBar.line(new TrainingProgress("r", "m", 1, 7, null, LOSSES, 12)));
    }
}
