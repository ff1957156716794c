package dev.ganforge.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CurvesDataTest {

    @Test
    void xsAreLinspaceMinusOneToOne() {
        float[] xs = CurvesData.xs();
        assertEquals(15, xs.length);
        assertEquals(-1f, xs[0]);
        assertEquals(0f, xs[7], 1e-7);
        assertEquals(1f, xs[14]);
    }

    @Test
    void batchesAreParabolasWithAInOneToTwo() {
        float[] batch = CurvesData.batch(new Random(7), 256);
        assertEquals(256 * 15, batch.length);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 0; i < 256; i++) {
            CurveFit fit = CurvesData.fit(batch, i);
            assertTrue(fit.rmsResidual() < 1e-6, "exact parabola: " + fit);
            assertTrue(fit.plausible(1e-6), fit.toString());
            min = Math.min(min, fit.a());
            max = Math.max(max, fit.a());
        }
        assertTrue(min < 1.1 && max > 1.9, "a spans [1, 2]: " + min + ".." + max);
    }

    @Test
    void sameSeedSameBatch() {
        assertArrayEquals(CurvesData.batch(new Random(3), 4), CurvesData.batch(new Random(3), 4));
    }

    @Test
    void fitRecoversAAndFlagsNonParabolas() {
        float[] curve = new float[15];
        float[] xs = CurvesData.xs();
        for (int p = 0; p < 15; p++) {
            curve[p] = (float) CurvesData.curveValue(1.25, xs[p]);
        }
        assertEquals(1.25, CurvesData.fit(curve).a(), 1e-6);

        float[] line = new float[15];
        for (int p = 0; p < 15; p++) {
            line[p] = xs[p];
        }
        CurveFit bad = CurvesData.fit(line);
        assertTrue(bad.rmsResidual() > 0.3, bad.toString());
        assertFalse(bad.plausible(0.05));
    }
}
