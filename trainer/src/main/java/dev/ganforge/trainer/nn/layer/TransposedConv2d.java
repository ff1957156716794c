package dev.ganforge.trainer.nn.layer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * What PyTorch's {@code ConvTranspose2d} (square kernel k, stride s, padding p, output padding op, no groups or
 * dilation) computes, built from operations DJL's PyTorch engine has, since its own {@code Conv2dTranspose}
 * is not implemented there.
 *
 * <p>A transposed convolution is a stride-1 convolution over the input dilated by zero insertion: put s−1 zeros
 * between neighbouring input pixels, pad each side by k−1−p (plus op on the bottom/right; negative padding
 * crops), and convolve with the kernel flipped spatially and with in/out channels swapped. Output size per axis
 * is (in−1)·s − 2p + k + op.
 *
 * <p>The weight is stored in ConvTranspose layout {@code [in, out, k, k]} so the ONNX exporter can emit a
 * standard {@code ConvTranspose} node with the very same tensor; bias is {@code [out]}.
 */
public final class TransposedConv2d extends AbstractBlock {

    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int outputPadding;
    private final Parameter weight;
    private final Parameter bias;

    public TransposedConv2d(int outChannels, int kernel, int stride, int padding, int outputPadding) {
        if (outputPadding >= stride && outputPadding > 0) {
            throw new IllegalArgumentException("output padding must be smaller than stride");
        }
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.outputPadding = outputPadding;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        this.bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
    }

    public int outChannels() {
        return outChannels;
    }

    public int kernel() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    public int outputPadding() {
        return outputPadding;
    }

    /** The {@code [in, out, k, k]} weight parameter. */
    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        long inChannels = inputShapes[0].get(1);
        weight.setShape(new Shape(inChannels, outChannels, kernel, kernel));
        bias.setShape(new Shape(outChannels));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray w = parameterStore.getValue(weight, device, training);
        NDArray b = parameterStore.getValue(bias, device, training);
        return new NDList(transposedConv(x, w, b));
    }

    /** The operation itself, usable without a block (tests, reference checks). */
    public NDArray transposedConv(NDArray x, NDArray w, NDArray b) {
        NDArray dilated = insertZeros(insertZeros(x, 3), 2);
        int edge = kernel - 1 - padding;
        // Shape order of pad: last axis first (left, right), then the axis before (top, bottom).
        NDArray padded = dilated.pad(new Shape(edge, edge + outputPadding, edge, edge + outputPadding), 0);
        NDArray flipped = w.flip(2, 3).transpose(1, 0, 2, 3);
        return Conv2d.conv2d(padded, flipped, b).singletonOrThrow();
    }

    /** s−1 zeros between neighbours along {@code axis} (2 = rows, 3 = columns): n → (n−1)·s + 1. */
    private NDArray insertZeros(NDArray x, int axis) {
        if (stride == 1) {
            return x;
        }
        NDManager manager = x.getManager();
        Shape shape = x.getShape();
        NDList lanes = new NDList(stride);
        lanes.add(x);
        NDArray zeros = manager.zeros(shape, x.getDataType(), x.getDevice());
        for (int i = 1; i < stride; i++) {
            lanes.add(zeros);
        }
        // Stacking after the axis interleaves x with zeros once flattened back into it.
        NDArray interleaved = NDArrays.stack(lanes, axis + 1);
        long[] dims = shape.getShape();
        long length = dims[axis];
        dims[axis] = length * stride;
        NDArray merged = interleaved.reshape(new Shape(dims));
        long keep = (length - 1) * stride + 1;
        return axis == 3 ? merged.get(":, :, :, :" + keep) : merged.get(":, :, :" + keep + ", :");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), outChannels, outputSize(in.get(2)), outputSize(in.get(3)))};
    }

    private long outputSize(long in) {
        return (in - 1) * stride - 2L * padding + kernel + outputPadding;
    }

    @Override
    public String toString() {
        return "TransposedConv2d(out=" + outChannels + ", k=" + kernel + ", s=" + stride + ", p=" + padding
                + ", op=" + outputPadding + ")";
    }
}
