package dev.ganforge.trainer.nn.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A sequence for class-conditional networks. Input is {@code (x, labels)}; x flows through the children in order
 * exactly like a {@link ai.djl.nn.SequentialBlock}, and every {@link LabelConcat} child additionally receives the
 * labels. Standard DJL blocks ({@code Linear}, {@code Conv2d}, {@code BatchNorm}) only accept one input, which is
 * why the labels cannot simply travel along the list.
 */
public final class ConditionalSequentialBlock extends AbstractBlock {

    private int count;

    public ConditionalSequentialBlock add(Block block) {
        addChildBlock(block.getClass().getSimpleName() + (count++), block);
        return this;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray labels = inputs.get(1);
        for (Block child : children.values()) {
            NDList in = child instanceof LabelConcat ? new NDList(x, labels) : new NDList(x);
            x = child.forward(parameterStore, in, training, params).singletonOrThrow();
        }
        return new NDList(x);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        Shape labels = inputShapes[1];
        for (Block child : children.values()) {
            Shape[] in = child instanceof LabelConcat ? new Shape[] {x, labels} : new Shape[] {x};
            child.initialize(manager, dataType, in);
            x = child.getOutputShapes(in)[0];
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Shape labels = inputShapes[1];
        for (Block child : children.values()) {
            x = child.getOutputShapes(child instanceof LabelConcat ? new Shape[] {x, labels} : new Shape[] {x})[0];
        }
        return new Shape[] {x};
    }
}
