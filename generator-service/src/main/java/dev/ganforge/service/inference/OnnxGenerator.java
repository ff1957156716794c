package dev.ganforge.service.inference;

import ai.onnxruntime.OrtException;
import dev.ganforge.service.model.Generator;
import dev.ganforge.shared.inference.GeneratorSession;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * A generator graph in ONNX Runtime ({@link GeneratorSession}, shared with the trainer and the benchmarks): one session for whole batches and, when {@link BatchSlicing} is on and the
 * loader has attached it, a second one with fewer intra-op threads on which the slices of a large batch run side by
 * side (the calling thread runs the first slice, {@code sliceRunner} the others). Until then every batch runs whole.
 * ORT sessions are safe to run from many threads at once, so this is too.
 */
public final class OnnxGenerator implements Generator {

    private final GeneratorSession whole;
    /** Set once by {@link #attachSliced}; null until then, and for good when slicing is off. */
    private volatile GeneratorSession sliced;
    private boolean closed;
    private final BatchSlicing slicing;
    private final Executor sliceRunner;
    private final int latentSize;
    private final int sampleSize;

    OnnxGenerator(GeneratorSession whole, BatchSlicing slicing, Executor sliceRunner) {
        this.whole = whole;
        this.slicing = slicing;
        this.sliceRunner = sliceRunner;
        this.latentSize = whole.metadata().latentSize();
        this.sampleSize = whole.metadata().sampleSize();
    }

    @Override
    public float[] generate(float[] latents, long[] labels, int count) throws OrtException {
        if (latents.length != count * latentSize) {
            throw new IllegalArgumentException("expected " + count * latentSize + " latent values, got "
                    + latents.length);
        }
        float[] samples = new float[count * sampleSize];
        GeneratorSession slices = sliced;
        if (slices != null && slicing.splits(count)) {
            slices.generateInSlices(latents, labels, count, samples, slicing.slices(), sliceRunner);
        } else {
            whole.generate(latents, labels, 0, count, samples);
        }
        return samples;
    }

    /** Runs the batch whole, never sliced: the reference slices are checked against. */
    float[] generateWhole(float[] latents, long[] labels, int count) throws OrtException {
        return whole.generate(latents, labels, count);
    }

    /** Runs the batch in slices on {@code candidate}, a session not attached yet: the loader's parity check. */
    float[] generateSliced(GeneratorSession candidate, float[] latents, long[] labels, int count) throws OrtException {
        float[] samples = new float[count * sampleSize];
        candidate.generateInSlices(latents, labels, count, samples, slicing.slices(), sliceRunner);
        return samples;
    }

    /** Work on this generator's sessions outside a lease. */
    interface SessionWork<T> {
        T run() throws OrtException;
    }

    /**
     * Runs {@code work} unless this generator is closed, and holds {@link #close} off until it is done: the loader's
     * check of a session for slices runs while the version already serves and holds no lease.
     *
     * @return what {@code work} returned; empty when the generator was closed and {@code work} did not run
     */
    synchronized <T> Optional<T> ifOpen(SessionWork<T> work) throws OrtException {
        return closed ? Optional.empty() : Optional.of(work.run());
    }

    /** From now on large batches run in slices on {@code session}, which this generator then closes. */
    synchronized void attachSliced(GeneratorSession session) {
        if (closed || sliced != null) {
            throw new IllegalStateException(closed ? "generator closed" : "slices attached already");
        }
        sliced = session;
    }

    /** Whether large batches run in slices yet. */
    boolean sliced() {
        return sliced != null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        whole.close();
        if (sliced != null) {
            sliced.close();
        }
    }
}
