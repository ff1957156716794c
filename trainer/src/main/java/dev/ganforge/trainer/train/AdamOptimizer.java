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

/**
 * Adam (Kingma &amp; Ba; PyTorch's formulation, no weight decay) over a fixed list of parameters. Written here
 * rather than using DJL's optimiser because a resumed run must continue from exactly the same first and second
 * moments, and DJL cannot save its optimiser state.
 */
public final class AdamOptimizer {

    private final List<Parameter> parameters;
    private final float learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private long t;

    /** @param parameters only those that require gradients are updated */
    public AdamOptimizer(List<Parameter> parameters, float learningRate, float beta1, float beta2,
                         NDManager stateManager) {
        this.parameters = parameters.stream().filter(Parameter::requiresGradient).toList();
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = 1e-8f;
        for (Parameter p : this.parameters) {
            firstMoments.add(stateManager.zeros(p.getArray().getShape()));
            secondMoments.add(stateManager.zeros(p.getArray().getShape()));
        }
    }

    /** One update from the gradients currently held by the parameters. */
    public void step() {
        t++;
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray weight = parameters.get(i).getArray();
            NDArray m = firstMoments.get(i);
            NDArray v = secondMoments.get(i);
            // Results of NDArray ops belong to the first operand's manager; scratch goes to a scope closed here.
            try (NDManager scratch = weight.getManager().newSubManager()) {
                NDArray g = scoped(scratch, weight.getGradient());
                m.muli(beta1).addi(scoped(scratch, g.mul(1 - beta1)));
                v.muli(beta2).addi(scoped(scratch, g.square()).muli(1 - beta2));
                NDArray denominator = scoped(scratch, v.sqrt()).divi((float) Math.sqrt(correction2)).addi(epsilon);
                NDArray update = scoped(scratch, m.div(denominator)).muli((float) (learningRate / correction1));
                weight.subi(update);
            }
        }
    }

    static NDArray scoped(NDManager scope, NDArray array) {
        array.attach(scope);
        return array;
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
