package dev.ganforge.trainer.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityGateTest {

    private final QualityGate gate = new QualityGate();

    @Test
    void aChosenFigureDecidesWhereBothVersionsHaveItElseFid() {
        QualityGate byRecognisable = new QualityGate(GateMetric.RECOGNISABLE);
        GateDecision worse = byRecognisable.decide(Map.of("fid", 10.0, "recognisable", 0.5),
                Map.of("fid", 20.0, "recognisable", 0.9), 0.1);
        assertFalse(worse.accepted(), "better FID, but far fewer recognisable samples");
        assertEquals("recognisable", worse.metric());
        assertTrue(worse.reason().startsWith("recognisable fraction 0.5000 is worse than"), worse.reason());
        GateDecision older = byRecognisable.decide(Map.of("fid", 25.0, "recognisable", 0.9), Map.of("fid", 20.0),
                0.1);
        assertFalse(older.accepted(), "the previous version predates the figure: FID decides");
        assertEquals("fid", older.metric());
        GateDecision lowerIsBetter = new QualityGate(GateMetric.INTRA_CLASS_FID).decide(
                Map.of("intraClassFid", 10.5), Map.of("intraClassFid", 10.0), 0.1);
        assertTrue(lowerIsBetter.accepted(), lowerIsBetter.reason());
        IllegalArgumentException unknown = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> GateMetric.byOptionName("sharpness"));
        assertTrue(unknown.getMessage().contains("code-accuracy"), unknown.getMessage());
        assertEquals(GateMetric.LABEL_FIDELITY, GateMetric.byOptionName("label-fidelity"));
    }

    @Test
    void acceptsTheFirstVersion() {
        GateDecision d = gate.decide(Map.of("fid", 80.0), null, 0.1);
        assertTrue(d.accepted());
        assertNull(d.metric());
    }

    @Test
    void acceptsAnFidWithinTheTolerance() {
        GateDecision d = gate.decide(Map.of("fid", 21.9), Map.of("fid", 20.0), 0.1);
        assertTrue(d.accepted(), d.reason());
        assertEquals("fid", d.metric());
        assertEquals(22.0, d.limit(), 1e-12);
        assertEquals(21.9, d.newValue());
        assertEquals(20.0, d.previousValue());
    }

    @Test
    void refusesAnFidWorseThanTheTolerance() {
        GateDecision d = gate.decide(Map.of("fid", 22.1), Map.of("fid", 20.0), 0.1);
        assertFalse(d.accepted());
        assertTrue(d.reason().contains("22.1000") && d.reason().contains("20.0000"), d.reason());
    }

    @Test
    void zeroToleranceStillAcceptsAnEqualOrBetterModel() {
        assertTrue(gate.decide(Map.of("fid", 20.0), Map.of("fid", 20.0), 0).accepted());
        assertTrue(gate.decide(Map.of("fid", 5.0), Map.of("fid", 20.0), 0).accepted());
        assertFalse(gate.decide(Map.of("fid", 20.001), Map.of("fid", 20.0), 0).accepted());
    }

    @Test
    void curveModelsAreJudgedOnFitFractionWhereHigherIsBetter() {
        assertTrue(gate.decide(Map.of("curveFitFraction", 0.86), Map.of("curveFitFraction", 0.9), 0.1).accepted());
        GateDecision d = gate.decide(Map.of("curveFitFraction", 0.5), Map.of("curveFitFraction", 0.9), 0.1);
        assertFalse(d.accepted());
        assertEquals(0.81, d.limit(), 1e-12);
    }

    @Test
    void refusesACandidateWithoutTheFigureItsPredecessorHas() {
        GateDecision d = gate.decide(Map.of(), Map.of("fid", 20.0), 0.1);
        assertFalse(d.accepted());
        assertEquals("fid", d.metric());
        assertFalse(gate.decide(Map.of("fid", Double.NaN), Map.of("fid", 20.0), 0.1).accepted());
    }

    @Test
    void acceptsWhenThePreviousVersionHasNoFigures() {
        assertTrue(gate.decide(Map.of("fid", 99.0), Map.of(), 0.1).accepted());
    }

    @Test
    void rejectsANonsensicalTolerance() {
        assertThrows(IllegalArgumentException.class, () -> gate.decide(Map.of(), Map.of(), -0.1));
        assertThrows(IllegalArgumentException.class, () -> gate.decide(Map.of(), Map.of(), Double.NaN));
    }
}
