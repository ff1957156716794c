package dev.ganforge.trainer.nn.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Conditions features on the class label: takes {@code (x, labels)} with labels int64 {@code [N]} and appends
 * the one-hot label to x along axis 1. For feature vectors {@code [N, F]} the result is {@code [N, F + L]}; for
 * feature maps {@code [N, C, H, W]} the one-hot vector is broadcast to {@code L} constant planes, giving
 * {@code [N, C + L, H, W]} (DCGAN-tensorflow's {@code conv_cond_concat}).
 *
 * <p>Only meaningful inside a {@link ConditionalSequentialBlock}, which feeds it the labels.
 */
public final class LabelConcat extends AbstractBlock {

    private final int labelCount;

    public LabelConcat(int labelCount) {
        this.labelCount = labelCount;
    }

    public int labelCount() {
        return labelCount;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray features = inputs.get(0);
        NDArray oneHot = inputs.get(1).toType(DataType.INT64, false).oneHot(labelCount, DataType.FLOAT32);
        Shape shape = features.getShape();
        if (shape.dimension() == 4) {
            oneHot = oneHot.reshape(shape.get(0), labelCount, 1, 1)
                    .broadcast(shape.get(0), labelCount, shape.get(2), shape.get(3));
        } else if (shape.dimension() != 2) {
            throw new IllegalArgumentException("LabelConcat expects [N, F] or [N, C, H, W], got " + shape);
        }
        return new NDList(features.concat(oneHot, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long[] dims = in.getShape();
        dims[1] += labelCount;
        return new Shape[] {new Shape(dims)};
    }

    @Override
    public String toString() {
        return "LabelConcat(" + labelCount + ")";
    }
}
