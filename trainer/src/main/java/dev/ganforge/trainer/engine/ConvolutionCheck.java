package dev.ganforge.trainer.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure PyTorch's CPU convolution computes a convolution before anything trains, samples or exports with it.
 *
 * <p>Why it exists: on an AMD EPYC of family 26 (Zen 5, 2026-12-03) the oneDNN kernels that PyTorch 2.7.1 picks
 * for CPU convolutions return wrong values whenever the input channels are not a multiple of the vector width
 * (74 or 138 channels: off by tens, while 64 or 144 are right), and their input gradients whenever the output
 * channels are not (1, 4 or 6: a generator's last layer; see docs/benchmarks.md), and nothing fails: the conditional DCGAN's
 * training turned to NaN after three steps and its export failed the ONNX parity check. PyTorch's own convolution
 * (im2col and GEMM) is right on that machine. So the first time an engine is needed, a few small convolutions with
 * such channel counts are compared with their definition. Before libtorch loads, {@link OneDnnProbe} has already
 * limited oneDNN to kernels that are right where a child process found its defaults wrong (call this before
 * anything touches the engine); if the convolutions still disagree, oneDNN is switched off for the process and
 * the comparison repeated; if PyTorch is still wrong the trainer refuses to run.
 *
 * <p>DJL has no switch for oneDNN; {@link LibTorchSwitches} reaches libtorch's own. Switching it off is the last
 * resort: PyTorch's own convolutions ran 3.5× slower than oneDNN's SSE4.1 kernels on that CPU.
 */
public final class ConvolutionCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ConvolutionCheck.class);

    /**
     * Channel counts that are not multiples of 8 or 16, which the oneDNN kernels got wrong; the shapes stay tiny.
     * Input channels like these break the forward pass there, output channels like these (6; 4, as in the phase
     * convolution of a generator's one-channel last layer) the gradient with respect to the input.
     */
    private static final List<Case> CASES = List.of(
            new Case(74, 9, 16, 3),
            new Case(138, 11, 8, 5),
            new Case(11, 12, 6, 5),
            new Case(64, 8, 4, 2));
    /** Float sums of a few hundred products stay within ~1e-6 of the double sum; a wrong kernel is off by ~1. */
    static final double TOLERANCE = 1e-4;

    private static Outcome outcome;

    /** What the check found: the worst relative error before and, if oneDNN had to go, after. */
    public record Outcome(double error, boolean oneDnnDisabled, double errorAfter) {
    }

    /** A 2-D convolution (stride 1, no padding) of one input, flattened: PyTorch's, or a test's. */
    @FunctionalInterface
    interface Convolution {
        float[] apply(NDArray input, NDArray weight);
    }

    /**
     * The gradient of {@code sum(convolution(input, weight) · upstream)} with respect to the input, flattened: the
     * backward pass that carries the gradient down through a layer, with kernels of its own.
     */
    @FunctionalInterface
    interface InputGradient {
        float[] apply(NDArray input, NDArray weight, NDArray upstream);
    }

    /** The two computations checked: forward, and the gradient with respect to the input. */
    record Kernels(Convolution forward, InputGradient inputGradient) {
    }

    /** PyTorch's own, with whatever kernels it picks. */
    static final Kernels PYTORCH = new Kernels(
            (input, weight) -> Conv2d.conv2d(input, weight).singletonOrThrow().toFloatArray(),
            ConvolutionCheck::pytorchInputGradient);

    /** One convolution: channels in, square input size, channels out, square kernel (stride 1, no padding). */
    record Case(int channels, int size, int filters, int kernel) {
    }

    private ConvolutionCheck() {
    }

    /**
     * Runs the check once per process (later calls return the first outcome); loads libtorch.
     *
     * @throws IllegalStateException when PyTorch's convolution is wrong even without oneDNN
     */
    public static synchronized Outcome ensureCorrect() {
        if (outcome == null) {
            OneDnnProbe.inTemporaryDirectory().applyBeforeLibtorchLoads();
            outcome = check();
        }
        return outcome;
    }

    private static Outcome check() {
        Engine.getEngine("PyTorch"); // loads libtorch, whose switches are reached next
        LibTorchSwitches switches = switches();
        if (switches != null) {
            quietNnpack(switches);
        }
        return check(PYTORCH, error -> disableOneDnn(switches, error));
    }

    private static float[] pytorchInputGradient(NDArray input, NDArray weight, NDArray upstream) {
        NDArray x = input.duplicate();
        x.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(Conv2d.conv2d(x, weight).singletonOrThrow().mul(upstream).sum());
        }
        return x.getGradient().toFloatArray();
    }

    /**
     * Compares {@code convolution} with the definition; if it is wrong, switches oneDNN off through {@code oneDnnOff}
     * and compares again. Tests hand in kernels made wrong on purpose, as the Zen 5 machine's were.
     *
     * @throws IllegalStateException when it is wrong even without oneDNN
     */
    static Outcome check(Kernels convolution, DoubleConsumer oneDnnOff) {
        double error = worstError(convolution);
        if (error <= TOLERANCE) {
            return new Outcome(error, false, error);
        }
        oneDnnOff.accept(error);
        double after = worstError(convolution);
        if (!(after <= TOLERANCE)) { // NaN too
            throw new IllegalStateException(String.format("PyTorch's CPU convolution gives wrong results on this "
                    + "machine (relative error %.3g, %.3g with oneDNN off); refusing to run models on it", error,
                    after));
        }
        LOG.warn("PyTorch's oneDNN convolution is wrong on this CPU (relative error {}); oneDNN is off for this "
                + "process, convolutions use PyTorch's own kernels", String.format("%.3g", error));
        return new Outcome(error, true, after);
    }

    private static void disableOneDnn(LibTorchSwitches switches, double error) {
        try {
            if (switches != null) {
                switches.oneDnn(false);
                return;
            }
        } catch (UnsatisfiedLinkError e) {
            LOG.debug("oneDNN's switch is out of reach", e);
        }
        throw new IllegalStateException(String.format("PyTorch's oneDNN convolution gives wrong results on this "
                + "machine (relative error %.3g) and cannot be switched off from here; start with %s=%s in the "
                + "environment", error, OneDnnProbe.VARIABLE, OneDnnProbe.SAFE_ISA));
    }

    /** libtorch's switches, or {@code null} where its library or their symbols are not there (another build). */
    private static LibTorchSwitches switches() {
        try {
            return LibTorchSwitches.ofLoadedLibrary();
        } catch (UnsatisfiedLinkError e) {
            LOG.debug("libtorch's backend switches are out of reach", e);
            return null;
        }
    }

    /**
     * Where NNPACK cannot run, PyTorch asks again before every convolution it could take and logs "Could not
     * initialize NNPACK!" each time (hundreds of lines per training run); asked once here, it is then switched off.
     */
    private static void quietNnpack(LibTorchSwitches switches) {
        try {
            if (!switches.nnpackAvailable()) {
                switches.nnpack(false);
            }
        } catch (UnsatisfiedLinkError e) {
            LOG.debug("NNPACK's switch is out of reach; PyTorch may log its warning often", e);
        }
    }

    /**
     * The largest |PyTorch − definition| over all cases, forward and input gradient, relative to the largest
     * |definition| of its case.
     */
    static double worstError() {
        return worstError(PYTORCH);
    }

    static double worstError(Kernels convolution) {
        double worst = 0;
        SplittableRandom random = new SplittableRandom(20261203);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            for (Case c : CASES) {
                float[] x = uniforms(random, c.channels() * c.size() * c.size());
                float[] w = uniforms(random, c.filters() * c.channels() * c.kernel() * c.kernel());
                NDArray input = manager.create(x, new Shape(1, c.channels(), c.size(), c.size()));
                NDArray weight = manager.create(w, new Shape(c.filters(), c.channels(), c.kernel(), c.kernel()));
                int out = c.size() - c.kernel() + 1;
                float[] g = uniforms(random, c.filters() * out * out);
                NDArray upstream = manager.create(g, new Shape(1, c.filters(), out, out));
                worst = Math.max(worst, relativeError(definition(c, x, w),
                        convolution.forward().apply(input, weight)));
                worst = Math.max(worst, relativeError(inputGradientDefinition(c, g, w),
                        convolution.inputGradient().apply(input, weight, upstream)));
            }
        }
        return worst;
    }

    static double relativeError(double[] expected, float[] actual) {
        double scale = 1;
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            // NaN must count as wrong, which Math.max propagates.
            diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
        }
        return expected.length == actual.length ? diff / scale : Double.POSITIVE_INFINITY;
    }

    /** The convolution as defined (cross-correlation, as PyTorch computes it), summed in double. */
    static double[] definition(Case c, float[] x, float[] w) {
        int out = c.size() - c.kernel() + 1;
        int k = c.kernel();
        double[] y = new double[c.filters() * out * out];
        for (int f = 0; f < c.filters(); f++) {
            for (int i = 0; i < out; i++) {
                for (int j = 0; j < out; j++) {
                    double sum = 0;
                    for (int ch = 0; ch < c.channels(); ch++) {
                        for (int a = 0; a < k; a++) {
                            for (int b = 0; b < k; b++) {
                                sum += (double) x[(ch * c.size() + i + a) * c.size() + j + b]
                                        * w[((f * c.channels() + ch) * k + a) * k + b];
                            }
                        }
                    }
                    y[(f * out + i) * out + j] = sum;
                }
            }
        }
        return y;
    }

    /** The input gradient as defined: every output's upstream gradient spread back over its window, in double. */
    static double[] inputGradientDefinition(Case c, float[] upstream, float[] w) {
        int out = c.size() - c.kernel() + 1;
        int k = c.kernel();
        double[] dx = new double[c.channels() * c.size() * c.size()];
        for (int f = 0; f < c.filters(); f++) {
            for (int i = 0; i < out; i++) {
                for (int j = 0; j < out; j++) {
                    double g = upstream[(f * out + i) * out + j];
                    for (int ch = 0; ch < c.channels(); ch++) {
                        for (int a = 0; a < k; a++) {
                            for (int b = 0; b < k; b++) {
                                dx[(ch * c.size() + i + a) * c.size() + j + b] +=
                                        g * w[((f * c.channels() + ch) * k + a) * k + b];
                            }
                        }
                    }
                }
            }
        }
        return dx;
    }

    private static float[] uniforms(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            // Uniform in [-1, 1): the distribution does not matter, only that every weight and pixel counts.
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }
}
