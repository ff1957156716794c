package dev.ganforge.trainer.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.ganforge.trainer.data.CurvesData;
import java.util.List;

/**
 * The endless "famous artist" parabolas. An epoch is nominal ({@value #NOMINAL_SIZE} curves) so that samples,
 * plots and checkpoints come at a sensible rhythm.
 */
public final class CurvesTrainingData implements TrainingData {

    public static final int NOMINAL_SIZE = 64_000;

    @Override
    public String id() {
        return TrainConfig.CURVES_DATASET;
    }

    @Override
    public String fingerprint() {
        // Synthetic and fully described by the formula and the seed; nothing to hash.
        return "a*x^2+(a-1),a~U[1,2],x=linspace(-1,1," + CurvesData.POINTS + ")";
    }

    @Override
    public int size() {
        return NOMINAL_SIZE;
    }

    @Override
    public List<String> labelNames() {
        return List.of();
    }

    @Override
    public TrainingBatch batch(long index, int batchSize, RandomStreams random, NDManager manager) {
        float[] curves = CurvesData.batch(random.stream(RandomStreams.DATA, index), batchSize);
        return new TrainingBatch(manager.create(curves, new Shape(batchSize, CurvesData.POINTS)), null);
    }
}
