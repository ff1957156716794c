package dev.ganforge.trainer.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.engine.Engine;
import dev.ganforge.trainer.engine.ConvolutionCheck;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TransposedConv2dTest {

    @BeforeAll
    static void convolutionsAreRightOnThisCpu() {
        // What every trainer path does before it runs a model (engine.ConvolutionCheck).
        ConvolutionCheck.ensureCorrect();
    }

    @ParameterizedTest(name = "in={0}x{1}x{2} out={3} k={4} s={5} p={6} op={7}")
    @CsvSource({
        "2, 3, 3, 4, 3, 1, 0, 0",
        "3, 4, 5, 2, 4, 2, 1, 0",
        "5, 7, 7, 3, 5, 2, 2, 1",
        "1, 2, 3, 1, 2, 3, 0, 2",
        "4, 5, 4, 2, 3, 2, 2, 1",
        "2, 5, 5, 3, 4, 1, 3, 0",
        "1, 4, 4, 2, 2, 3, 2, 0",
        // The conditional DCGAN's two layers: 128 + 10 label channels in, which oneDNN got wrong on one CPU.
        "138, 7, 7, 128, 5, 2, 2, 1",
        "138, 14, 14, 1, 5, 2, 2, 1",
    })
    void equalsTheDefinitionOfTransposedConvolution(int in, int h, int w, int out, int k, int s, int p, int op) {
        Random random = new Random(in * 31L + h * 7L + k);
        int batch = 2;
        float[] x = randoms(random, batch * in * h * w);
        float[] weight = randoms(random, in * out * k * k);
        float[] bias = randoms(random, out);
        int oh = (h - 1) * s - 2 * p + k + op;
        int ow = (w - 1) * s - 2 * p + k + op;
        float[] expected = reference(x, weight, bias, batch, in, h, w, out, k, s, p, oh, ow);

        try (NDManager manager = NDManager.newBaseManager()) {
            TransposedConv2d layer = new TransposedConv2d(out, k, s, p, op);
            NDArray result = layer.transposedConv(manager.create(x, new Shape(batch, in, h, w)),
                    manager.create(weight, new Shape(in, out, k, k)), manager.create(bias));
            assertEquals(new Shape(batch, out, oh, ow), result.getShape());
            assertEquals(layer.getOutputShapes(new Shape[] {new Shape(batch, in, h, w)})[0], result.getShape());
            // Relative to the largest value: a 138-channel sum of 25 products each rounds at ~1e-6 of its size.
            StringBuilder failures = new StringBuilder();
            check(failures, "values", expected, result.toFloatArray());
            assertTrue(failures.isEmpty(), failures.toString());
        }
    }

    /**
     * The phase form against the zero-insertion form and the definition, values and gradients (input, weight,
     * bias), for every legal padding and output padding of k ∈ {3, 4, 5}, s ∈ {1, 2, 3}, odd and even sizes,
     * batch 1 and 64.
     */
    @Test
    void phasesEqualZeroInsertionAndTheDefinitionWithGradients() {
        Random random = new Random(11);
        int cases = 0;
        StringBuilder failures = new StringBuilder();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int k = 3; k <= 5; k++) {
                for (int s = 1; s <= 3; s++) {
                    for (int p = 0; p < k; p++) {
                        for (int op = 0; op < s; op++) {
                            for (int size : new int[] {4, 5}) {
                                int out = (size - 1) * s - 2 * p + k + op;
                                if (out <= 0) {
                                    continue;
                                }
                                int batch = cases % 2 == 0 ? 1 : 64;
                                String name = "k=" + k + " s=" + s + " p=" + p + " op=" + op + " in=" + size + "x"
                                        + (size + 1) + " batch=" + batch;
                                try (NDManager scope = manager.newSubManager()) {
                                    compareForms(scope, random, batch, size, k, s, p, op, name, failures);
                                }
                                cases++;
                            }
                        }
                    }
                }
            }
        }
        assertTrue(cases > 100, "cases: " + cases);
        assertTrue(failures.isEmpty(), failures.toString());
    }

    private static void compareForms(NDManager manager, Random random, int batch, int size, int k, int s, int p,
                                     int op, String name, StringBuilder failures) {
        int in = 3;
        int out = 2;
        int h = size;
        int w = size + 1;
        float[] x = randoms(random, batch * in * h * w);
        float[] weight = randoms(random, in * out * k * k);
        float[] bias = randoms(random, out);
        int oh = (h - 1) * s - 2 * p + k + op;
        int ow = (w - 1) * s - 2 * p + k + op;
        float[] expected = reference(x, weight, bias, batch, in, h, w, out, k, s, p, oh, ow);
        float[][] results = new float[2][];
        float[][][] gradients = new float[2][][];
        TransposedConv2d.Algorithm[] algorithms = TransposedConv2d.Algorithm.values();
        for (int a = 0; a < algorithms.length; a++) {
            TransposedConv2d layer = new TransposedConv2d(out, k, s, p, op, algorithms[a]);
            NDArray xs = manager.create(x, new Shape(batch, in, h, w));
            NDArray ws = manager.create(weight, new Shape(in, out, k, k));
            NDArray bs = manager.create(bias);
            NDArray[] leaves = {xs, ws, bs};
            for (NDArray leaf : leaves) {
                leaf.setRequiresGradient(true);
            }
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = layer.transposedConv(xs, ws, bs);
                if (!y.getShape().equals(new Shape(batch, out, oh, ow))) {
                    failures.append(name).append(' ').append(algorithms[a]).append(": shape ").append(y.getShape())
                            .append('\n');
                    return;
                }
                results[a] = y.toFloatArray();
                // A weighted sum, so every output position's gradient differs; positive weights, so the bias gradient
                // (a sum over the batch and every pixel) does not cancel down to its rounding error.
                NDArray weights = manager.arange(0f, (float) y.size()).reshape(y.getShape()).mul(0.01f).sin()
                        .add(1.5f);
                collector.backward(y.mul(weights).sum());
            }
            gradients[a] = new float[][] {xs.getGradient().toFloatArray(), ws.getGradient().toFloatArray(),
                bs.getGradient().toFloatArray()};
        }
        check(failures, name + " phases vs definition", expected, results[0]);
        check(failures, name + " zero insertion vs definition", expected, results[1]);
        String[] what = {"input", "weight", "bias"};
        for (int g = 0; g < 3; g++) {
            check(failures, name + " gradient of " + what[g], gradients[1][g], gradients[0][g]);
        }
    }

    private static void check(StringBuilder failures, String name, float[] expected, float[] actual) {
        // Relative to the array's largest value: a gradient sums thousands of products (bias: over the batch and
        // every output pixel), and two summation orders differ by rounding of that size, not of the result's.
        float scale = 1;
        for (float value : expected) {
            scale = Math.max(scale, Math.abs(value));
        }
        float worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]) / scale);
        }
        if (!(worst <= 1e-5f)) {
            failures.append(name).append(": max relative difference ").append(worst).append('\n');
        }
    }

    @Test
    void gradientsReachWeightBiasAndInput() {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            TransposedConv2d layer = new TransposedConv2d(3, 4, 2, 1, 0);
            Shape inShape = new Shape(2, 5, 7, 7);
            layer.initialize(manager, DataType.FLOAT32, inShape);
            NDArray x = manager.randomNormal(inShape);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList out = layer.forward(new ParameterStore(manager, false), new NDList(x), true);
                assertEquals(new Shape(2, 3, 14, 14), out.head().getShape());
                collector.backward(out.head().square().sum());
            }
            assertNonZero(x.getGradient());
            assertNonZero(layer.weight().getArray().getGradient());
            assertNonZero(layer.bias().getArray().getGradient());
        }
    }

    private static void assertNonZero(NDArray gradient) {
        assertTrue(gradient.abs().sum().getFloat() > 0, "gradient is zero");
    }

    /** out[n,o,y,x] = b[o] + Σ in[n,c,i,j]·w[c,o,ky,kx] over y = i·s − p + ky, x = j·s − p + kx. */
    private static float[] reference(float[] in, float[] w, float[] b, int batch, int cin, int h, int wd, int cout,
                                     int k, int s, int p, int oh, int ow) {
        float[] out = new float[batch * cout * oh * ow];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < cout; o++) {
                for (int y = 0; y < oh; y++) {
                    for (int xx = 0; xx < ow; xx++) {
                        out[((n * cout + o) * oh + y) * ow + xx] = b[o];
                    }
                }
            }
            for (int c = 0; c < cin; c++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < wd; j++) {
                        float v = in[((n * cin + c) * h + i) * wd + j];
                        for (int o = 0; o < cout; o++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int y = i * s - p + ky;
                                    int xx = j * s - p + kx;
                                    if (y >= 0 && y < oh && xx >= 0 && xx < ow) {
                                        out[((n * cout + o) * oh + y) * ow + xx] +=
                                                v * w[((c * cout + o) * k + ky) * k + kx];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private static float[] randoms(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
