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
