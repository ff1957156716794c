package dev.ganforge.trainer.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModeCoverageTest {

    private static final List<String> ABC = List.of("a", "b", "c");

    @Test
    void evenPredictionsAreAtDistanceZero() {
        ModeCoverage c = ModeCoverage.of(new int[] {0, 1, 2, 2, 1, 0}, ABC);
        assertEquals(0, c.totalVariation(), 1e-12);
        assertEquals(0, c.klToUniform(), 1e-12);
        assertEquals(List.of(), c.missingClasses());
        assertArrayEquals(new int[] {2, 2, 2}, c.counts());
    }

    @Test
    void collapseOntoOneClassIsMaximalAndNamesTheMissingClasses() {
        ModeCoverage c = ModeCoverage.of(new int[] {1, 1, 1, 1}, ABC);
        assertEquals(2.0 / 3, c.totalVariation(), 1e-12);
        assertEquals(Math.log(3), c.klToUniform(), 1e-12);
        assertEquals(List.of("a", "c"), c.missingClasses());
        assertEquals(1, c.classesSeen());
    }

    @Test
    void partialImbalance() {
        // p = (1/2, 1/2, 0): TV = ½(1/6 + 1/6 + 1/3) = 1/3, KL = log 3 − log 2.
        ModeCoverage c = ModeCoverage.of(new int[] {0, 1, 0, 1}, ABC);
        assertEquals(1.0 / 3, c.totalVariation(), 1e-12);
        assertEquals(Math.log(3) - Math.log(2), c.klToUniform(), 1e-12);
        assertEquals(List.of("c"), c.missingClasses());
    }

    @Test
    void rejectsPredictionsOutsideTheClasses() {
        assertThrows(IllegalArgumentException.class, () -> ModeCoverage.of(new int[] {3}, ABC));
    }

    @Test
    void labelFidelityCountsHitsPerRequestedLabel() {
        LabelFidelity f = LabelFidelity.of(new int[] {0, 0, 1, 1, 2, 2}, new int[] {0, 1, 1, 1, 0, 0}, ABC);
        assertEquals(0.5, f.perLabel().get("a"), 1e-12);
        assertEquals(1.0, f.perLabel().get("b"), 1e-12);
        assertEquals(0.0, f.perLabel().get("c"), 1e-12);
        assertEquals(0.5, f.mean(), 1e-12);
        assertEquals(List.of("a", "b", "c"), List.copyOf(f.perLabel().keySet()));
    }
}
