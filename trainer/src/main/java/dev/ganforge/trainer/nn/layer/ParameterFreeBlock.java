package dev.ganforge.trainer.nn.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A block without parameters that maps one array to one array. Subclasses are named for the single operation
 * they perform so that a block tree reads as a graph description (the ONNX exporter maps each class to a node).
 */
public abstract class ParameterFreeBlock extends AbstractBlock {

    /** The operation on the single input. */
    protected abstract NDArray apply(NDArray input);

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow()));
    }

    /** Element-wise by default. */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
