package dev.ganforge.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.ganforge.shared.inference.GeneratorSession;
import dev.ganforge.shared.inference.SessionSettings;
import dev.ganforge.shared.model.LatentSampler;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.model.SampleBatch;
import dev.ganforge.shared.onnx.GeneratorSignature;
import dev.ganforge.shared.onnx.OnnxModelReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A generator ONNX file given to a benchmark with {@code -p model=PATH}, and the inputs the service would feed
 * it: seeded latents from {@link LatentSampler} and, for conditional models, labels cycling through the classes
 * (what the service does when a request names no label).
 */
public record BenchModel(Path path, byte[] bytes, ModelMetadata metadata) {

    /** The seed is fixed so every run of a benchmark feeds identical inputs. */
    private static final long SEED = 42;

    /** @throws IllegalArgumentException with one line saying what to pass when the path is missing or unusable */
    public static BenchModel load(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("no generator model: pass -p model=PATH/TO/generator.onnx "
                    + "(write one with dev.ganforge.bench.MlpGeneratorModel, see docs/benchmarks.md)");
        }
        Path file = Path.of(path);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such model file: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        ModelMetadata metadata;
        try {
            metadata = OnnxModelReader.read(bytes).ganforgeMetadata();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is not a ganforge generator: " + e.getMessage(), e);
        }
        return new BenchModel(file, bytes, metadata);
    }

    public float[] latents(int count) {
        return LatentSampler.sample(SEED, count, metadata);
    }

    /** Class indices 0, 1, …, labelCount − 1, 0, …; null for an unconditional model. */
    public long[] labels(int count) {
        if (!metadata.conditional()) {
            return null;
        }
        long[] labels = new long[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % metadata.labelCount();
        }
        return labels;
    }

    /** Input tensors for {@code count} samples; the caller closes them. */
    public Map<String, OnnxTensor> inputs(OrtEnvironment environment, int count) throws OrtException {
        return inputs(environment, latents(count), labels(count), count);
    }

    /**
     * Wraps arrays as input tensors once, for {@link OrtSessionBenchmark}'s bare {@code OrtSession.run}; the service
     * feeds its runs through {@code GeneratorSession} instead. The caller closes them.
     */
    public Map<String, OnnxTensor> inputs(OrtEnvironment environment, float[] latents, long[] labels, int count)
            throws OrtException {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        inputs.put(GeneratorSignature.LATENT_INPUT, OnnxTensor.createTensor(environment, FloatBuffer.wrap(latents),
                new long[] {count, metadata.latentSize()}));
        if (labels != null) {
            inputs.put(GeneratorSignature.LABEL_INPUT, OnnxTensor.createTensor(environment, LongBuffer.wrap(labels),
                    new long[] {count}));
        }
        return inputs;
    }

    /** {@code count} real samples of this generator, shaped as the service hands them to its encoders. */
    public SampleBatch sampleBatch(int count) throws OrtException {
        try (GeneratorSession session = GeneratorSession.open(bytes, metadata, SessionSettings.DEFAULTS)) {
            List<Integer> shape = new ArrayList<>();
            shape.add(count);
            shape.addAll(metadata.outputShape());
            return new SampleBatch(shape, session.generate(latents(count), labels(count), count));
        }
    }
}
