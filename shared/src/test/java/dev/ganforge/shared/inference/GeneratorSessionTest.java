package dev.ganforge.shared.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ganforge.shared.model.LatentCodes;
import dev.ganforge.shared.model.LatentSampler;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.onnx.OnnxGraphBuilder;
import dev.ganforge.shared.onnx.OnnxModelBuilder;
import dev.ganforge.shared.onnx.proto.Onnx.TensorProto.DataType;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Against a plain ORT run of the same graph on heap tensors: the reused, pinned buffers change no value. */
class GeneratorSessionTest {

    private static final int LATENT = 6;
    private static final int POINTS = 5;
    private static final int LABELS = 3;

    /** {@code z·W + b (+ E[label])}, reshaped to [N, 1, POINTS]: values well outside [0, 1]. */
    private static byte[] model(boolean conditional) {
        Random random = new Random(7);
        float[] weights = new float[LATENT * POINTS];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) random.nextGaussian();
        }
        OnnxGraphBuilder graph = new OnnxGraphBuilder("g")
                .input("z", DataType.FLOAT, LATENT)
                .initializer("W", new long[] {LATENT, POINTS}, weights)
                .initializer("b", new long[] {POINTS}, new float[] {0.5f, -0.5f, 1f, 2f, -2f})
                .initializer("shape", new long[] {3}, new long[] {-1, 1, POINTS})
                .node("Gemm", List.of("z", "W", "b"), "flat");
        String last = "flat";
        if (conditional) {
            float[] embedding = new float[LABELS * POINTS];
            for (int i = 0; i < embedding.length; i++) {
                embedding[i] = i / POINTS * 10f;
            }
            graph.input("label", DataType.INT64)
                    .initializer("E", new long[] {LABELS, POINTS}, embedding)
                    .node("Gather", List.of("E", "label"), "class_bias")
                    .node("Add", List.of("flat", "class_bias"), "conditioned");
            last = "conditioned";
        }
        graph.node("Reshape", List.of(last, "shape"), "samples").output("samples", DataType.FLOAT, 1, POINTS);
        return new OnnxModelBuilder(graph).toBytes();
    }

    private static ModelMetadata metadata(String kind, int labels, LatentCodes codes) {
        return new ModelMetadata("g", "test", LATENT, "normal", labels,
                labels == 0 ? List.of() : List.of("a", "b", "c"), kind, List.of(1, POINTS), "test", "0".repeat(64),
                "run", 1, "2026-01-01T00:00:00Z", "test", Map.of(), codes);
    }

    /** The same graph run the plain way: fresh heap-backed tensors, output read through getFloatBuffer. */
    private static float[] reference(byte[] model, float[] z, long[] labels, int count) throws OrtException {
        OrtEnvironment ort = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try (OrtSession session = ort.createSession(model)) {
            inputs.put("z", OnnxTensor.createTensor(ort, FloatBuffer.wrap(z), new long[] {count, LATENT}));
            if (labels != null) {
                inputs.put("label", OnnxTensor.createTensor(ort, LongBuffer.wrap(labels), new long[] {count}));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                FloatBuffer buffer = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] values = new float[buffer.remaining()];
                buffer.get(values);
                return values;
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static long[] labels(int count) {
        long[] labels = new long[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (i * 2L) % LABELS;
        }
        return labels;
    }

    @Test
    void answersWhatAPlainRunAnswersForBatchSizesGrowingAndShrinking() throws Exception {
        byte[] model = model(true);
        ModelMetadata metadata = metadata("curve", LABELS, null);
        try (GeneratorSession session = GeneratorSession.open(model, metadata, SessionSettings.DEFAULTS)) {
            for (int count : new int[] {1, 3, 3, 17, 2, 64, 5}) {
                float[] z = LatentSampler.sample(count, count, metadata);
                float[] expected = reference(model, z, labels(count), count);
                assertArrayEquals(expected, session.generate(z, labels(count), count), 1e-6f, "batch " + count);
            }
        }
    }

    @Test
    void writesSlicesOfOneBatchAtTheirPlaceAndIntLabelsGiveTheSameAsLongOnes() throws Exception {
        byte[] model = model(true);
        ModelMetadata metadata = metadata("curve", LABELS, null);
        int count = 10;
        float[] z = LatentSampler.sample(3, count, metadata);
        long[] labels = labels(count);
        int[] intLabels = new int[count];
        for (int i = 0; i < count; i++) {
            intLabels[i] = (int) labels[i];
        }
        try (GeneratorSession session = GeneratorSession.open(model, metadata, SessionSettings.DEFAULTS)) {
            float[] whole = session.generate(z, labels, count);
            float[] pieces = new float[whole.length];
            session.generate(z, labels, 4, 6, pieces);
            session.generate(z, labels, 0, 4, pieces);
            assertArrayEquals(whole, pieces);
            assertArrayEquals(whole, session.generate(z, intLabels));
        }
    }

    @Test
    void aBatchInSlicesSideBySideGivesTheWholeRunsSamples() throws Exception {
        byte[] model = model(true);
        ModelMetadata metadata = metadata("curve", LABELS, null);
        ExecutorService others = Executors.newFixedThreadPool(3);
        try (GeneratorSession session = GeneratorSession.open(model, metadata, SessionSettings.DEFAULTS)) {
            // 10 in 3 slices is 4 + 3 + 3; 2 in 4 slices leaves two slices empty.
            for (int[] batch : new int[][] {{10, 3}, {64, 4}, {2, 4}, {5, 1}}) {
                int count = batch[0];
                float[] z = LatentSampler.sample(count, count, metadata);
                float[] sliced = new float[count * POINTS];
                session.generateInSlices(z, labels(count), count, sliced, batch[1], others);
                assertArrayEquals(session.generate(z, labels(count), count), sliced, count + " in " + batch[1]);
            }
        } finally {
            others.shutdown();
        }
    }

    @Test
    void runsFromManyThreadsAtOnce() throws Exception {
        byte[] model = model(false);
        ModelMetadata metadata = metadata("curve", 0, null);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (GeneratorSession session = GeneratorSession.open(model, metadata, SessionSettings.DEFAULTS)) {
            List<Future<Boolean>> agreed = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int count = 1 + t % 5;
                float[] z = LatentSampler.sample(t, count, metadata);
                float[] expected = reference(model, z, null, count);
                agreed.add(threads.submit(() -> {
                    for (int round = 0; round < 20; round++) {
                        float[] actual = session.generate(z, null, count);
                        for (int i = 0; i < actual.length; i++) {
                            if (Math.abs(actual[i] - expected[i]) > 1e-6f) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> each : agreed) {
                assertTrue(each.get());
            }
        } finally {
            threads.shutdown();
        }
    }

    @Test
    void clampsImagesToTheUnitRangeButLeavesCurvesAlone() throws Exception {
        byte[] model = model(false);
        float[] z = LatentSampler.sample(5, 4, metadata("curve", 0, null));
        float[] raw = reference(model, z, null, 4);
        try (GeneratorSession image = GeneratorSession.open(model, metadata("image", 0, null), SessionSettings.DEFAULTS);
             GeneratorSession curve = GeneratorSession.open(model, metadata("curve", 0, null), SessionSettings.DEFAULTS)) {
            float[] clamped = image.generate(z, null, 4);
            assertArrayEquals(raw, curve.generate(z, null, 4), 1e-6f);
            for (int i = 0; i < raw.length; i++) {
                assertEquals(Math.max(0f, Math.min(1f, raw[i])), clamped[i], 1e-6f);
            }
            boolean outside = false;
            for (float value : raw) {
                outside |= value < 0 || value > 1;
            }
            assertTrue(outside, "the graph must give values outside [0, 1] for the clamp to show");
        }
    }

    @Test
    void infoGanCodesTravelInsideZ() throws Exception {
        byte[] model = model(false);
        ModelMetadata metadata = metadata("curve", 0, new LatentCodes(2, 1));
        float[] z = LatentSampler.sample(9, 2, metadata);
        try (GeneratorSession session = GeneratorSession.open(model, metadata, SessionSettings.DEFAULTS)) {
            float[] before = session.generate(z, null, 2);
            metadata.latentCodes().set(z, LATENT, 0, 1 - metadata.latentCodes().category(z, LATENT, 0),
                    new Float[] {0.9f});
            assertArrayEquals(reference(model, z, null, 2), session.generate(z, null, 2), 1e-6f);
            assertTrue(before[0] != session.generate(z, null, 2)[0]);
        }
    }

    @Test
    void refusesGraphsThatBreakTheContractAndMissingLabels() throws Exception {
        IllegalArgumentException unconditionalGraph = assertThrows(IllegalArgumentException.class,
                () -> GeneratorSession.open(model(false), metadata("curve", LABELS, null), SessionSettings.DEFAULTS));
        assertEquals("graph inputs [z] do not match [z, label] (conditional model)", unconditionalGraph.getMessage());
        ModelMetadata wrongShape = new ModelMetadata("g", "test", LATENT, "normal", 0, List.of(), "curve",
                List.of(1, POINTS + 1), "test", "0".repeat(64), "run", 1, "2026-01-01T00:00:00Z", "test", Map.of());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> GeneratorSession.open(model(false), wrongShape, SessionSettings.DEFAULTS));
        assertEquals("'samples' has shape [-1, 1, 5], metadata implies [N, 1, 6]", shape.getMessage());
        try (GeneratorSession session = GeneratorSession.open(model(true), metadata("curve", LABELS, null),
                SessionSettings.DEFAULTS)) {
            IllegalArgumentException labels = assertThrows(IllegalArgumentException.class,
                    () -> session.generate(new float[LATENT], (long[]) null, 1));
            assertEquals("a conditional generator needs one label per sample", labels.getMessage());
        }
    }

    @Test
    void settingsTurnSpinningOffByDefaultAndNameTheLevelsOnABadOne() throws OrtException {
        try (OrtSession.SessionOptions options = SessionSettings.DEFAULTS.create()) {
            assertEquals(Map.of("session.intra_op.allow_spinning", "0", "session.inter_op.allow_spinning", "0"),
                    options.getConfigEntries());
        }
        try (OrtSession.SessionOptions options = SessionSettings.of(1, 1, "basic_opt", true).create()) {
            assertEquals("1", options.getConfigEntries().get("session.intra_op.allow_spinning"));
        }
        IllegalArgumentException level = assertThrows(IllegalArgumentException.class,
                () -> SessionSettings.of(0, 0, "fast", false));
        assertEquals("ganforge.onnx.optimization-level must be one of NO_OPT, BASIC_OPT, EXTENDED_OPT, ALL_OPT; "
                + "is fast", level.getMessage());
    }
}
