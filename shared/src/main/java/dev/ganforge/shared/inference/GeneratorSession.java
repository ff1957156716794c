package dev.ganforge.shared.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.onnx.GeneratorSignature;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;

/**
 * An exported generator opened in ONNX Runtime: the one place that builds its session, feeds it {@code z} and
 * {@code label} and reads {@code samples} back, for the service, the trainer's {@code sample}, {@code evaluate} and
 * export parity check, and the benchmarks.
 *
 * <p>Inputs and output live in direct buffers that ORT reads and writes in place (the output is pinned), reused
 * from call to call: a run copies the caller's latents in and the samples out, nothing else. Handing ORT heap arrays
 * instead costs a direct copy of every input and two heap copies of the output per run (docs/benchmarks.md,
 * "Allocation per generate call"). Safe to run from many threads at once: each run takes its own buffers.
 */
public final class GeneratorSession implements SampleGenerator, AutoCloseable {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final ModelMetadata metadata;
    private final int latentSize;
    private final int sampleSize;
    private final boolean clamp;
    private final ConcurrentLinkedDeque<RunBuffers> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    private GeneratorSession(OrtEnvironment environment, OrtSession session, ModelMetadata metadata) {
        this.environment = environment;
        this.session = session;
        this.metadata = metadata;
        this.latentSize = metadata.latentSize();
        this.sampleSize = metadata.sampleSize();
        this.clamp = "image".equals(metadata.outputKind());
    }

    /**
     * Opens {@code onnx} and checks that its inputs and output are those its metadata implies.
     *
     * @throws OrtException             when ONNX Runtime cannot load the bytes
     * @throws IllegalArgumentException when the graph breaks the generator contract, saying how
     */
    public static GeneratorSession open(byte[] onnx, ModelMetadata metadata, SessionSettings settings)
            throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions options = settings.create()) {
            session = environment.createSession(onnx, options);
        }
        try {
            GeneratorContract.check(session, metadata);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        return new GeneratorSession(environment, session, metadata);
    }

    /**
     * Opens {@code onnx} with the service's {@link SessionSettings#DEFAULTS}, for tools where any failure to open is
     * one line to the user.
     *
     * @throws IllegalArgumentException when ONNX Runtime cannot load the bytes or the graph breaks the contract
     */
    public static GeneratorSession open(byte[] onnx, ModelMetadata metadata) {
        try {
            return open(onnx, metadata, SessionSettings.DEFAULTS);
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    /**
     * Runs {@code count} samples.
     *
     * @param labels one class index per sample for conditional models; ignored otherwise
     * @return {@code count × sampleSize} values; images clamped to [0, 1], as the contract promises
     */
    public float[] generate(float[] latents, long[] labels, int count) throws OrtException {
        if (latents.length != count * latentSize) {
            throw new IllegalArgumentException("expected " + count * latentSize + " latent values, got "
                    + latents.length);
        }
        float[] samples = new float[count * sampleSize];
        generate(latents, labels, 0, count, samples);
        return samples;
    }

    /**
     * Runs samples {@code [from, from + count)} of {@code latents} (and {@code labels}) and writes their outputs at
     * the same place of {@code samples}, so slices of one batch can run side by side into one array.
     */
    public void generate(float[] latents, long[] labels, int from, int count, float[] samples) throws OrtException {
        checkLabels(labels == null ? -1 : labels.length, from + count);
        run(latents, from, count, samples, buffer -> buffer.put(0, labels, from, count));
    }

    /**
     * Runs a batch as {@code slices} slices at the same time, as even as possible with the larger first: the calling
     * thread runs the first, {@code others} the rest, each writing its samples at its place of {@code samples}.
     * Returns once every slice is done (the caller may then reuse the arrays), throwing the first failure.
     */
    public void generateInSlices(float[] latents, long[] labels, int count, float[] samples, int slices,
                                 Executor others) throws OrtException {
        List<CompletableFuture<Void>> running = new ArrayList<>();
        int first = sliceSize(count, slices, 0);
        int from = first;
        for (int i = 1; i < slices && from < count; i++) {
            int start = from;
            int size = sliceSize(count, slices, i);
            running.add(CompletableFuture.runAsync(() -> {
                try {
                    generate(latents, labels, start, size, samples);
                } catch (OrtException e) {
                    throw new CompletionException(e);
                }
            }, others));
            from += size;
        }
        Throwable failure = null;
        try {
            generate(latents, labels, 0, first, samples);
        } catch (OrtException | RuntimeException e) {
            failure = e;
        }
        for (CompletableFuture<Void> slice : running) {
            try {
                slice.join();
            } catch (CompletionException e) {
                failure = failure != null ? failure : e.getCause();
            }
        }
        if (failure instanceof OrtException ort) {
            throw ort;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
    }

    private static int sliceSize(int count, int slices, int index) {
        return count / slices + (index < count % slices ? 1 : 0);
    }

    /** {@link SampleGenerator}'s view, with the trainer's {@code int} labels. */
    @Override
    public float[] generate(float[] z, int[] labels) {
        int count = z.length / latentSize;
        checkLabels(labels == null ? -1 : labels.length, count);
        float[] samples = new float[count * sampleSize];
        try {
            run(z, 0, count, samples, buffer -> {
                for (int i = 0; i < count; i++) {
                    buffer.put(i, labels[i]);
                }
            });
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run the generator: " + e.getMessage(), e);
        }
        return samples;
    }

    private void checkLabels(int labels, int needed) {
        if (metadata.conditional() && labels < needed) {
            throw new IllegalArgumentException("a conditional generator needs one label per sample");
        }
    }

    /** How one call's labels go into the label buffer (from index 0). */
    private interface LabelWriter {
        void write(LongBuffer buffer);
    }

    private void run(float[] latents, int from, int count, float[] samples, LabelWriter labels) throws OrtException {
        if (closed) {
            throw new IllegalStateException("generator session closed");
        }
        RunBuffers buffers = acquire(count);
        try {
            buffers.shape(count);
            buffers.latents.put(0, latents, from * latentSize, count * latentSize);
            if (buffers.labels != null) {
                labels.write(buffers.labels);
            }
            // The output is pinned: ORT writes into buffers.samples, and closing the result leaves it open.
            try (OrtSession.Result ignored = session.run(buffers.inputs, buffers.outputs)) {
                buffers.samples.get(0, samples, from * sampleSize, count * sampleSize);
            }
        } finally {
            release(buffers);
        }
        if (clamp) {
            // The contract says [0, 1]; clamp so float noise at the edges never leaks out as 1.0000001.
            for (int i = from * sampleSize, end = (from + count) * sampleSize; i < end; i++) {
                samples[i] = Math.max(0f, Math.min(1f, samples[i]));
            }
        }
    }

    private RunBuffers acquire(int count) {
        RunBuffers buffers = idle.pollFirst();
        if (buffers != null && buffers.capacity >= count) {
            return buffers;
        }
        if (buffers != null) {
            buffers.close();
        }
        // Room for the next power of two, so batches growing one by one do not reallocate each time.
        return new RunBuffers(Integer.highestOneBit(Math.max(1, count - 1)) << 1);
    }

    private void release(RunBuffers buffers) {
        idle.offerFirst(buffers);
        if (closed && idle.remove(buffers)) {
            buffers.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (RunBuffers buffers = idle.pollFirst(); buffers != null; buffers = idle.pollFirst()) {
            buffers.close();
        }
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the ONNX Runtime session failed", e);
        }
    }

    /**
     * Direct buffers for up to {@code capacity} samples, and the tensors over them for the last batch size (a
     * tensor's shape is fixed, so another size gets new tensors over the same memory). One run at a time.
     */
    private final class RunBuffers implements AutoCloseable {

        final int capacity;
        final FloatBuffer latents;
        final LongBuffer labels;
        final FloatBuffer samples;
        private int shapedFor = -1;
        private OnnxTensor[] tensors = new OnnxTensor[0];
        Map<String, OnnxTensor> inputs;
        Map<String, OnnxTensor> outputs;

        RunBuffers(int capacity) {
            this.capacity = capacity;
            this.latents = direct(capacity * latentSize * Float.BYTES).asFloatBuffer();
            this.labels = metadata.conditional() ? direct(capacity * Long.BYTES).asLongBuffer() : null;
            this.samples = direct(capacity * sampleSize * Float.BYTES).asFloatBuffer();
        }

        void shape(int count) throws OrtException {
            if (count == shapedFor) {
                return;
            }
            closeTensors();
            long[] sampleShape = new long[metadata.outputShape().size() + 1];
            sampleShape[0] = count;
            for (int i = 1; i < sampleShape.length; i++) {
                sampleShape[i] = metadata.outputShape().get(i - 1);
            }
            OnnxTensor z = OnnxTensor.createTensor(environment, latents.slice(0, count * latentSize),
                    new long[] {count, latentSize});
            OnnxTensor out = OnnxTensor.createTensor(environment, samples.slice(0, count * sampleSize),
                    sampleShape);
            if (labels == null) {
                tensors = new OnnxTensor[] {z, out};
                inputs = Map.of(GeneratorSignature.LATENT_INPUT, z);
            } else {
                OnnxTensor label = OnnxTensor.createTensor(environment, labels.slice(0, count),
                        new long[] {count});
                tensors = new OnnxTensor[] {z, out, label};
                inputs = Map.of(GeneratorSignature.LATENT_INPUT, z, GeneratorSignature.LABEL_INPUT, label);
            }
            outputs = Map.of(GeneratorSignature.OUTPUT, out);
            shapedFor = count;
        }

        private void closeTensors() {
            for (OnnxTensor tensor : tensors) {
                tensor.close();
            }
            tensors = new OnnxTensor[0];
            shapedFor = -1;
        }

        @Override
        public void close() {
            closeTensors();
        }

        private static ByteBuffer direct(int bytes) {
            return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
    }
}
