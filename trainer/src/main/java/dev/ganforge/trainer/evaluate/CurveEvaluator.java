package dev.ganforge.trainer.evaluate;

import java.time.Instant;

/** Measures a {@code curves} generator: how many of its curves the artist could have painted, and their spread. */
public final class CurveEvaluator {

    public EvaluationReport evaluate(EvaluatedModel model, int samples, long seed) {
        if (!"curve".equals(model.metadata().outputKind())) {
            throw new IllegalArgumentException("the model makes " + model.metadata().outputKind()
                    + " samples; curve evaluation needs the curves architecture");
        }
        if (samples < 1) {
            throw new IllegalArgumentException("--samples must be positive, got " + samples);
        }
        CurveStats stats = CurveStats.of(model.draw(samples, seed, null), samples);
        return EvaluationReport.builder()
                .curveFitFraction(stats.fitFraction()).curveAMean(stats.aMean()).curveAStd(stats.aStd())
                .subject(ImageEvaluator.subject(model.metadata()))
                .setup(new EvaluationReport.Setup(samples, seed, "curves", null, Instant.now().toString()))
                .curves(stats)
                .build();
    }
}
