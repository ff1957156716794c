package dev.ganforge.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Adam (Kingma &amp; Ba; PyTorch's formulation, no weight decay) over a fixed list of parameters. Written here
 * rather than using DJL's optimiser because a resumed run must continue from exactly the same first and second
 * moments, and DJL cannot save its optimiser state.
 */
public final class AdamOptimizer {

    /** The kernel clips gradients at a non-negative bound; a negative one turns clipping off. */
    private static final float NO_CLIPPING = -1f;

    private final List<Parameter> parameters;
    private final float[] learningRates;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private long t;

    /** @param parameters only those that require gradients are updated */
    public AdamOptimizer(List<Parameter> parameters, float learningRate, float beta1, float beta2,
                         NDManager stateManager) {
        this(parameters, p -> learningRate, beta1, beta2, stateManager);
    }

    /**
     * @param parameters   only those that require gradients are updated
     * @param learningRate each parameter's rate: one optimiser over parameter groups with their own rates (as
     *                     PyTorch's param groups) keeps one state file per network, whatever the rates
     */
    public AdamOptimizer(List<Parameter> parameters, ToDoubleFunction<Parameter> learningRate, float beta1,
                         float beta2, NDManager stateManager) {
        this.parameters = parameters.stream().filter(Parameter::requiresGradient).toList();
        this.learningRates = new float[this.parameters.size()];
        for (int i = 0; i < learningRates.length; i++) {
            learningRates[i] = (float) learningRate.applyAsDouble(this.parameters.get(i));
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = 1e-8f;
        for (Parameter p : this.parameters) {
            firstMoments.add(stateManager.zeros(p.getArray().getShape()));
            secondMoments.add(stateManager.zeros(p.getArray().getShape()));
        }
    }

    /**
     * One update from the gradients currently held by the parameters; leaves those gradients zeroed.
     *
     * <p>Each parameter is one call into the engine's fused kernel, not a dozen NDArray ops with a scalar tensor
     * made for every constant: on small networks those per-op costs, not the arithmetic, were the optimiser's
     * time. The kernel computes {@code w −= s·m / (√v + ε')}; PyTorch's step {@code (lr/c₁)·m / (√v/√c₂ + ε)}
     * is the same quantity with {@code s = lr·√c₂/c₁} and {@code ε' = ε·√c₂} (c₁, c₂ the bias corrections).
     */
    public void step() {
        t++;
        double correction1 = 1 - Math.pow(beta1, t);
        double rootCorrection2 = Math.sqrt(1 - Math.pow(beta2, t));
        float scaledEpsilon = (float) (epsilon * rootCorrection2);
        for (int i = 0; i < parameters.size(); i++) {
            float learningRate = learningRates[i];
            float stepSize = (float) (learningRate * rootCorrection2 / correction1);
            NDArray weight = parameters.get(i).getArray();
            try (NDArray gradient = weight.getGradient()) {
                weight.getNDArrayInternal().adamUpdate(
                        new NDList(weight, gradient, firstMoments.get(i), secondMoments.get(i)), new NDList(weight),
                        learningRate, stepSize, 0f, 1f, NO_CLIPPING, beta1, beta2, scaledEpsilon, false, false);
            }
        }
    }

    public long stepCount() {
        return t;
    }

    public void save(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeLong(t);
        data.writeInt(parameters.size());
        data.flush();
        NDList moments = new NDList();
        moments.addAll(firstMoments);
        moments.addAll(secondMoments);
        moments.encode(out);
    }

    /** Restores state written by {@link #save(OutputStream)} for the same parameter list. */
    public void load(InputStream in, NDManager manager) throws IOException {
        DataInputStream data = new DataInputStream(in);
        long savedT = data.readLong();
        int count = data.readInt();
        if (count != parameters.size()) {
            throw new IOException("optimiser state holds " + count + " parameters, the network has "
                    + parameters.size());
        }
        try (NDManager scratch = manager.newSubManager()) {
            NDList moments = NDList.decode(scratch, in);
            for (int i = 0; i < count; i++) {
                firstMoments.get(i).set(moments.get(i).toByteBuffer());
                secondMoments.get(i).set(moments.get(count + i).toByteBuffer());
            }
        }
        t = savedT;
    }
}
