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
 * <p>Output pixel y (per axis) gathers input pixel i through kernel tap ky where y + p = i·s + ky. Its phase
 * r = (y + p) mod s fixes which taps can reach it (ky ≡ r mod s), so the layer is s² small stride-1 convolutions of
 * the undilated input, one per phase (ry, rx), each with the kernel's taps of that phase, flipped. They run as one
 * convolution with s²·out output channels (a phase's missing taps are zero when s does not divide k), and a
 * depth-to-space shuffle interleaves the phases back. That does ⌈k/s⌉²·s² multiply-adds per input pixel and output
 * channel where zero insertion does k²·s²: a quarter of the work for the stride-2 layers of the GANs here.
 * {@link Algorithm#ZERO_INSERTION}, the textbook form, stays only so the benchmark can compare the two.
 *
 * <p>The weight is stored in ConvTranspose layout {@code [in, out, k, k]} so the ONNX exporter can emit a
 * standard {@code ConvTranspose} node with the very same tensor; bias is {@code [out]}. Every array derived from the
 * weight is attached to the input's manager: left on the weight's own (long-lived) manager, each call would leak a
 * weight-sized copy.
 */
public final class TransposedConv2d extends AbstractBlock {

    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int outputPadding;
    private final Parameter weight;
    private final Parameter bias;
    private final Algorithm algorithm;

    /** How the layer computes; both give the same values and gradients. */
    public enum Algorithm {
        /** One convolution over the undilated input per phase, then depth-to-space (the default). */
        PHASES,
        /** A stride-1 convolution over the zero-dilated input: s² times the work; for the benchmark only. */
        ZERO_INSERTION;

        /** System property the benchmark sets to time the old layer (never a user option). */
        public static final String PROPERTY = "ganforge.bench.transposed-conv";

        static Algorithm configured() {
            return "zero-insertion".equals(System.getProperty(PROPERTY)) ? ZERO_INSERTION : PHASES;
        }
    }

    public TransposedConv2d(int outChannels, int kernel, int stride, int padding, int outputPadding) {
        this(outChannels, kernel, stride, padding, outputPadding, Algorithm.configured());
    }

    public TransposedConv2d(int outChannels, int kernel, int stride, int padding, int outputPadding,
                            Algorithm algorithm) {
        if (outputPadding >= stride && outputPadding > 0) {
            throw new IllegalArgumentException("output padding must be smaller than stride");
        }
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.outputPadding = outputPadding;
        this.algorithm = algorithm;
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
        Scoped scoped = new Scoped(x.getManager());
        return algorithm == Algorithm.PHASES ? phases(x, w, b, scoped) : zeroInsertion(x, w, b, scoped);
    }

    private NDArray phases(NDArray x, NDArray w, NDArray b, Scoped scoped) {
        long batch = x.getShape().get(0);
        long in = w.getShape().get(0);
        int s = stride;
        int taps = (kernel + s - 1) / s;
        int padded = taps * s;
        // [in, out, k, k] → zero taps up to T·s → ky = ty·s + ry → [ry, rx, out, in, ty, tx] → flip the taps.
        NDArray kernels = padded == kernel ? w : scoped.own(w.pad(new Shape(0, padded - kernel, 0, padded - kernel), 0));
        kernels = scoped.own(kernels.reshape(in, outChannels, taps, s, taps, s));
        kernels = scoped.own(kernels.transpose(3, 5, 1, 0, 2, 4));
        kernels = scoped.own(kernels.flip(4, 5));
        kernels = scoped.own(kernels.reshape((long) s * s * outChannels, in, taps, taps));
        NDArray biases = scoped.own(b.tile((long) s * s));

        Axis rows = new Axis(x.getShape().get(2), taps);
        Axis columns = new Axis(x.getShape().get(3), taps);
        NDArray input = x.pad(new Shape(Math.max(0, columns.before), Math.max(0, columns.after),
                Math.max(0, rows.before), Math.max(0, rows.after)), 0);
        if (rows.before < 0 || rows.after < 0 || columns.before < 0 || columns.after < 0) {
            input = input.get(":, :, " + rows.crop(input.getShape().get(2)) + ", "
                    + columns.crop(input.getShape().get(3)));
        }
        NDArray y = Conv2d.conv2d(input, kernels, biases).singletonOrThrow();
        // [N, (ry, rx, out), Qy, Qx] → [N, out, Qy, ry, Qx, rx] → [N, out, Qy·s, Qx·s], then the output's window.
        y = y.reshape(batch, s, s, outChannels, rows.phaseLength, columns.phaseLength)
                .transpose(0, 3, 4, 1, 5, 2)
                .reshape(batch, outChannels, rows.phaseLength * s, columns.phaseLength * s);
        long height = outputSize(x.getShape().get(2));
        long width = outputSize(x.getShape().get(3));
        int offset = Math.floorMod(padding, s);
        if (offset == 0 && height == rows.phaseLength * s && width == columns.phaseLength * s) {
            return y;
        }
        return y.get(":, :, " + offset + ":" + (offset + height) + ", " + offset + ":" + (offset + width));
    }

    /**
     * One spatial axis of the phase form. Output pixel y has q = ⌊(y + p)/s⌋ and reads input pixels q − T + 1 … q
     * (T taps per phase), so the phase convolutions run over q = ⌊p/s⌋ … ⌊(out − 1 + p)/s⌋ on an input padded (or,
     * for large p, cropped: negative) by {@code before} and {@code after}.
     */
    private final class Axis {
        final long phaseLength;
        final long before;
        final long after;

        Axis(long inputLength, int taps) {
            long first = Math.floorDiv(padding, stride);
            long last = Math.floorDiv(outputSize(inputLength) - 1 + padding, stride);
            this.phaseLength = last - first + 1;
            this.before = taps - 1 - first;
            this.after = phaseLength + taps - 1 - inputLength - before;
        }

        /** The slice of the non-negatively padded input that a negative side crops away. */
        String crop(long length) {
            return (before < 0 ? -before : 0) + ":" + (length - (after < 0 ? -after : 0));
        }
    }

    /**
     * The textbook form: a stride-1 convolution over the input dilated by zero insertion (s−1 zeros between
     * neighbours), padded by k−1−p each side (plus op at the end; negative crops), with the kernel flipped and in/out
     * channels swapped.
     */
    private NDArray zeroInsertion(NDArray x, NDArray w, NDArray b, Scoped scoped) {
        NDArray dilated = insertZeros(insertZeros(x, 3), 2);
        int edge = kernel - 1 - padding;
        // Shape order of pad: last axis first (left, right), then the axis before (top, bottom).
        NDArray padded = dilated.pad(new Shape(edge, edge + outputPadding, edge, edge + outputPadding), 0);
        NDArray flipped = scoped.own(scoped.own(w.flip(2, 3)).transpose(1, 0, 2, 3));
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

    /** Moves arrays computed from parameters onto the manager of the batch they serve, which closes with it. */
    private record Scoped(NDManager manager) {
        NDArray own(NDArray array) {
            array.attach(manager);
            return array;
        }
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
