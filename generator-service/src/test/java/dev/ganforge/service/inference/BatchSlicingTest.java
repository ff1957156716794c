package dev.ganforge.service.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BatchSlicingTest {

    @Test
    void automaticSlicingGivesEachSliceItsShareOfTheCores() {
        assertEquals(new BatchSlicing(2, 1, 8), BatchSlicing.of(0, 8, 2), "one slice per core");
        assertEquals(new BatchSlicing(4, 4, 8), BatchSlicing.of(0, 8, 16), "at most 4 automatic slices, cores shared out");
        assertFalse(BatchSlicing.of(0, 8, 1).enabled(), "a single core has nothing to run slices side by side on");
        assertFalse(BatchSlicing.of(1, 8, 8).enabled(), "1 turns slicing off");
        assertEquals(new BatchSlicing(3, 2, 4), BatchSlicing.of(3, 4, 6));
        assertThrows(IllegalArgumentException.class, () -> BatchSlicing.of(-1, 8, 2));
        assertThrows(IllegalArgumentException.class, () -> BatchSlicing.of(2, 1, 2));
    }
}
