package dev.ganforge.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's fused Adam kernel against PyTorch's Adam written out by hand: the optimiser passes it a rescaled
 * step and epsilon, and a slip there would still train, just differently.
 */
class AdamOptimizerTest {

    @Test
    void threeStepsMatchPyTorchsAdamComputedByHand() {
        float lr = 0.01f;
        float beta1 = 0.5f;
        float beta2 = 0.999f;
        double eps = 1e-8;
        float[] start = {0.3f, -1.2f, 2.0f};
        float[] scale = {1f, -3f, 0.001f};
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter w = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            w.setArray(manager.create(start));
            w.getArray().setRequiresGradient(true);
            AdamOptimizer adam = new AdamOptimizer(List.of(w), lr, beta1, beta2, manager);

            double[] expected = {start[0], start[1], start[2]};
            double[] m = new double[3];
            double[] v = new double[3];
            for (int t = 1; t <= 3; t++) {
                // loss = Σ scale·w², so the gradient is 2·scale·w, evaluated at the current weights
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray weights = w.getArray();
                    collector.backward(weights.square().mul(manager.create(scale)).sum());
                }
                for (int i = 0; i < 3; i++) {
                    double g = 2 * scale[i] * expected[i];
                    m[i] = beta1 * m[i] + (1 - beta1) * g;
                    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                    double mHat = m[i] / (1 - Math.pow(beta1, t));
                    double vHat = v[i] / (1 - Math.pow(beta2, t));
                    expected[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
                }
                adam.step();
                float[] actual = w.getArray().toFloatArray();
                for (int i = 0; i < 3; i++) {
                    assertEquals(expected[i], actual[i], 1e-5, "step " + t + ", weight " + i);
                }
                assertArrayEquals(new float[3], w.getArray().getGradient().toFloatArray(), "gradient left zeroed");
            }
            assertEquals(3, adam.stepCount());
        }
    }

    /** InfoGAN's Q head learns at its own rate inside D's optimiser: Adam's first step moves each weight by its rate. */
    @Test
    void eachParameterStepsAtItsOwnRate() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter slow = Parameter.builder().setName("slow").setType(Parameter.Type.WEIGHT).build();
            Parameter fast = Parameter.builder().setName("fast").setType(Parameter.Type.WEIGHT).build();
            for (Parameter p : List.of(slow, fast)) {
                p.setArray(manager.create(new float[] {1f, -1f}));
                p.getArray().setRequiresGradient(true);
            }
            AdamOptimizer adam = new AdamOptimizer(List.of(slow, fast), p -> p == fast ? 1e-3 : 2e-4, 0.5f, 0.999f,
                    manager);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(slow.getArray().sum().add(fast.getArray().sum()));
            }
            adam.step();
            // Gradient +1 everywhere: the first bias-corrected step is exactly −lr per weight.
            assertArrayEquals(new float[] {1f - 2e-4f, -1f - 2e-4f}, slow.getArray().toFloatArray(), 1e-7f);
            assertArrayEquals(new float[] {1f - 1e-3f, -1f - 1e-3f}, fast.getArray().toFloatArray(), 1e-7f);
        }
    }
}
