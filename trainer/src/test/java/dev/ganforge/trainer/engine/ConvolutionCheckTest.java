package dev.ganforge.trainer.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConvolutionCheckTest {

    @Test
    void afterTheCheckPyTorchConvolvesAsDefinedWithOddChannelCounts() {
        ConvolutionCheck.Outcome outcome = ConvolutionCheck.ensureCorrect();

        assertTrue(outcome.errorAfter() <= ConvolutionCheck.TOLERANCE, outcome.toString());
        // Measured again, on real PyTorch: whatever the check switched must still be in effect.
        assertTrue(ConvolutionCheck.worstError() <= ConvolutionCheck.TOLERANCE, outcome.toString());
        assertEquals(outcome.oneDnnDisabled(), outcome.error() > ConvolutionCheck.TOLERANCE, outcome.toString());
        assertSame(outcome, ConvolutionCheck.ensureCorrect(), "checked once per process");
    }

    /** The machine this check exists for: oneDNN's kernels wrong, PyTorch's own right once oneDNN is off. */
    @Test
    void aWrongConvolutionSwitchesOneDnnOffAndIsCheckedAgain() {
        ConvolutionCheck.ensureCorrect(); // the engine, loaded as everything else loads it
        boolean[] oneDnn = {true};
        ConvolutionCheck.Convolution wrongWithOneDnn = (input, weight) -> {
            float[] y = ConvolutionCheck.PYTORCH.forward().apply(input, weight);
            if (oneDnn[0]) {
                y[y.length / 2] += 10; // "off by tens"
            }
            return y;
        };

        ConvolutionCheck.Outcome outcome = ConvolutionCheck.check(
                new ConvolutionCheck.Kernels(wrongWithOneDnn, ConvolutionCheck.PYTORCH.inputGradient()),
                error -> oneDnn[0] = false);

        assertFalse(oneDnn[0], "the fallback switched oneDNN off");
        assertTrue(outcome.oneDnnDisabled(), outcome.toString());
        assertTrue(outcome.error() > ConvolutionCheck.TOLERANCE, outcome.toString());
        assertTrue(outcome.errorAfter() <= ConvolutionCheck.TOLERANCE, outcome.toString());
    }

    /** The same machine's other fault: a right forward pass, a wrong gradient for the layer below (NaN there). */
    @Test
    void aWrongInputGradientAloneSwitchesOneDnnOff() {
        ConvolutionCheck.ensureCorrect();
        boolean[] oneDnn = {true};
        ConvolutionCheck.InputGradient wrongWithOneDnn = (input, weight, upstream) -> {
            float[] dx = ConvolutionCheck.PYTORCH.inputGradient().apply(input, weight, upstream);
            if (oneDnn[0]) {
                dx[dx.length - 1] = Float.NaN;
            }
            return dx;
        };

        ConvolutionCheck.Outcome outcome = ConvolutionCheck.check(
                new ConvolutionCheck.Kernels(ConvolutionCheck.PYTORCH.forward(), wrongWithOneDnn),
                error -> oneDnn[0] = false);

        assertFalse(oneDnn[0], "the fallback switched oneDNN off");
        assertTrue(outcome.oneDnnDisabled(), outcome.toString());
        assertTrue(outcome.errorAfter() <= ConvolutionCheck.TOLERANCE, outcome.toString());
    }

    @Test
    void aConvolutionWrongEvenWithoutOneDnnRefusesToRun() {
        ConvolutionCheck.ensureCorrect();
        ConvolutionCheck.Convolution alwaysWrong = (input, weight) -> {
            float[] y = ConvolutionCheck.PYTORCH.forward().apply(input, weight);
            y[0] = Float.NaN;
            return y;
        };
        int[] switchedOff = {0};

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ConvolutionCheck.check(
                        new ConvolutionCheck.Kernels(alwaysWrong, ConvolutionCheck.PYTORCH.inputGradient()),
                        error -> switchedOff[0]++));

        assertEquals(1, switchedOff[0]);
        assertTrue(e.getMessage().contains("refusing to run"), e.getMessage());
    }

    @Test
    void theDefinitionIsACrossCorrelation() {
        // 1 channel, 3×3 input, 2 filters of 2×2: each output is the sum of the window times the kernel, unflipped.
        ConvolutionCheck.Case c = new ConvolutionCheck.Case(1, 3, 2, 2);
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] w = {1, 0, 0, 0, 0, 1, 1, 0};

        double[] y = ConvolutionCheck.definition(c, x, w);

        assertArrayEquals(new double[] {1, 2, 4, 5, 2 + 4, 3 + 5, 5 + 7, 6 + 8}, y);
    }

    @Test
    void theInputGradientSpreadsEachOutputsGradientBackOverItsWindow() {
        // 1 channel, 3×3 input, 1 filter of 2×2 (1, 2 / 3, 4); upstream gradient 1 at output (0, 0), 10 at (1, 1).
        ConvolutionCheck.Case c = new ConvolutionCheck.Case(1, 3, 1, 2);
        float[] w = {1, 2, 3, 4};
        float[] upstream = {1, 0, 0, 10};

        double[] dx = ConvolutionCheck.inputGradientDefinition(c, upstream, w);

        assertArrayEquals(new double[] {1, 2, 0, 3, 4 + 10, 20, 0, 30, 40}, dx);
    }

    @Test
    void aWrongOrNanValueCountsRelativeToTheLargestExpected() {
        assertEquals(0.5, ConvolutionCheck.relativeError(new double[] {4, -2}, new float[] {4, 0}), 1e-12);
        assertEquals(0.25, ConvolutionCheck.relativeError(new double[] {0.5, 0}, new float[] {0.25f, 0}), 1e-12);
        assertTrue(Double.isNaN(ConvolutionCheck.relativeError(new double[] {1}, new float[] {Float.NaN})));
    }
}
