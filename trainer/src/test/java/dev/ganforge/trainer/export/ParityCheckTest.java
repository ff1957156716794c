package dev.ganforge.trainer.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.shared.model.ModelMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParityCheckTest {

    private static final ModelMetadata CURVES = new ModelMetadata("c", "curves", 2, "normal", 0, List.of(), "curve",
            List.of(3), "curves", "f", "r", 1, "t", "v", Map.of());

    @Test
    void measuresTheLargestDifferenceOnTheSameLatents() {
        ParityCheck check = new ParityCheck(1, 4);
        float diff = check.maxAbsDiff(
                (z, labels) -> new float[] {z[0], z[1], 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                (z, labels) -> new float[] {z[0] + 0.25f, z[1] - 0.5f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.125f},
                CURVES);

        assertEquals(0.5f, diff, 1e-6f);
        assertFalse(check.passes(diff));
        assertTrue(check.passes(ParityCheck.TOLERANCE));
    }

    @Test
    void notANumberNeverPasses() {
        ParityCheck check = new ParityCheck(1, 1);
        float diff = check.maxAbsDiff((z, labels) -> new float[] {0, 0, 0},
                (z, labels) -> new float[] {0, Float.NaN, 0}, CURVES);

        assertFalse(check.passes(diff));
    }

    @Test
    void labelsCycleThroughEveryClass() {
        assertArrayEquals(new int[] {0, 1, 2, 0, 1}, ParityCheck.cyclingLabels(5, 3));
        assertNull(ParityCheck.cyclingLabels(5, 0));
    }
}
