package dev.ganforge.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.shared.model.SampleBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchModelTest {

    @TempDir
    Path dir;

    @Test
    void writtenMlpGeneratorIsDeterministicAndRunsInOnnxRuntime() throws Exception {
        Path file = MlpGeneratorModel.write(dir.resolve("mlp.onnx"), false);
        assertArrayEquals(Files.readAllBytes(file), MlpGeneratorModel.bytes(false), "same bytes on every write");

        BenchModel model = BenchModel.load(file.toString());
        SampleBatch samples = model.sampleBatch(3);

        assertEquals(List.of(3, 1, 28, 28), samples.shape());
        assertNull(model.labels(3));
        for (float value : samples.data()) {
            assertTrue(value > 0 && value < 1, "sigmoid output, got " + value);
        }
        assertEquals(226_304, MlpGeneratorModel.flopsPerSample(), "the mlp architecture's G FLOPs");
    }

    @Test
    void conditionalModelGetsLabelsCyclingThroughItsClasses() throws Exception {
        BenchModel model = BenchModel.load(MlpGeneratorModel.write(dir.resolve("c.onnx"), true).toString());

        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1}, model.labels(12));
        // ORT refuses a run that lacks a declared input: this passes only because the labels are fed.
        assertEquals(List.of(12, 1, 28, 28), model.sampleBatch(12).shape());
    }

    @Test
    void missingOrUnusableModelsFailWithOneLineNamingTheFix() throws Exception {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchModel.load(""))
                .getMessage().contains("pass -p model="));
        assertEquals("no such model file: " + dir.resolve("absent.onnx"),
                assertThrows(IllegalArgumentException.class,
                        () -> BenchModel.load(dir.resolve("absent.onnx").toString())).getMessage());
        Path garbage = Files.writeString(dir.resolve("garbage.onnx"), "not a model");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchModel.load(garbage.toString()))
                .getMessage().startsWith(garbage + " is not a ganforge generator"));
    }
}
