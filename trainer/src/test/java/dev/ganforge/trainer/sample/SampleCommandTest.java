package dev.ganforge.trainer.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ganforge.shared.model.NpyFormat;
import dev.ganforge.shared.model.SampleBatch;
import dev.ganforge.shared.onnx.OnnxModelReader;
import dev.ganforge.shared.testing.ReferenceChecker;
import dev.ganforge.trainer.cli.GanforgeCommand;
import dev.ganforge.trainer.export.FreshRuns;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ganforge export} and {@code ganforge sample} end to end, through the CLI as a user runs them. */
class SampleCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    private static Path dcganRun;
    private static Path dcganModel;
    private static Path cdcganRun;
    private static Path cdcganModel;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainAndExport() throws Exception {
        dcganRun = FreshRuns.runDirectory(shared.resolve("dcgan-run"), "dcgan", 21);
        dcganModel = shared.resolve("models/dcgan.onnx");
        Cli export = Cli.run("export", dcganRun.toString(), "--out", dcganModel.toString(), "--ema");
        assertEquals(0, export.code(), export.err());
        cdcganRun = FreshRuns.runDirectory(shared.resolve("cdcgan-run"), "cdcgan", 22);
        cdcganModel = shared.resolve("cdcgan.onnx");
        assertEquals(0, Cli.run("export", cdcganRun.toString(), "-o", cdcganModel.toString(), "--name", "digits")
                .code());
    }

    @Test
    void exportPrintsItsParityFigureAndWritesAValidNamedModel() throws Exception {
        Path model = dir.resolve("m.onnx");
        Cli export = Cli.run("export", dcganRun.toString(), "--out", model.toString(), "--name", "faces");

        assertEquals(0, export.code(), export.err());
        // dcgan keeps an EMA generator by default, and export takes it.
        assertTrue(export.out().matches("(?s)exported faces \\(dcgan, step 7, EMA\\) to .*max \\|diff\\| \\S+ .*"),
                export.out());
        assertEquals("faces", OnnxModelReader.read(Files.readAllBytes(model)).ganforgeMetadata().name());
        ReferenceChecker.assertValid(model);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(model), files.toList(), "no partial file left behind");
        }
    }

    @Test
    void runDirectoryAndExportedModelGiveTheSameSamplesForTheSameSeed() throws Exception {
        JsonNode djl = sampleJson("--from", dcganRun.toString(), "--ema", "--count", "16", "--seed", "5");
        JsonNode onnx = sampleJson("--from", dcganModel.toString(), "--count", "16", "--seed", "5");
        JsonNode otherSeed = sampleJson("--from", dcganModel.toString(), "--count", "16", "--seed", "6");

        assertEquals(JSON.readTree("[16, 1, 28, 28]"), djl.get("shape"));
        assertEquals(djl.get("shape"), onnx.get("shape"));
        float[] a = data(djl);
        float[] b = data(onnx);
        assertEquals(16 * 28 * 28, a.length);
        assertTrue(maxAbsDiff(a, b) <= 1e-4, "max |diff| " + maxAbsDiff(a, b));
        assertTrue(maxAbsDiff(b, data(otherSeed)) > 1e-3, "the seed must matter");
        for (float v : b) {
            assertTrue(v >= 0 && v <= 1, "outside [0, 1]: " + v);
        }
    }

    @Test
    void conditionalSamplesAgreeAcrossEnginesForAFixedLabel() throws Exception {
        JsonNode djl = sampleJson("--from", cdcganRun.toString(), "--count", "3", "--seed", "9", "--label", "3");
        JsonNode onnx = sampleJson("--from", cdcganModel.toString(), "--count", "3", "--seed", "9", "--label", "3");
        JsonNode otherLabel = sampleJson("--from", cdcganModel.toString(), "--count", "3", "--seed", "9",
                "--label", "4");

        assertTrue(maxAbsDiff(data(djl), data(onnx)) <= 1e-4);
        assertTrue(maxAbsDiff(data(onnx), data(otherLabel)) > 1e-4, "the label must matter");
    }

    @Test
    void labelsAreRefusedWhereTheyMakeNoSenseWithOneLine() {
        Path out = dir.resolve("x.json");
        assertOneLineFailure(Cli.run("sample", "--from", dcganModel.toString(), "--label", "0", "-o", out.toString()),
                "unconditional");
        assertOneLineFailure(Cli.run("sample", "--from", cdcganModel.toString(), "--label", "10", "-o",
                out.toString()), "label 10 is outside 0..9");
        assertOneLineFailure(Cli.run("sample", "--from", cdcganRun.toString(), "--label", "-1", "-o",
                out.toString()), "label -1 is outside 0..9");
        assertFalse(Files.exists(out));
    }

    @Test
    void unusableSourcesAreRefusedWithOneLine() throws IOException {
        Path out = dir.resolve("x.png");
        assertOneLineFailure(Cli.run("sample", "--from", dir.resolve("missing").toString(), "-o", out.toString()),
                "no run directory or model file");
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "not a model");
        assertOneLineFailure(Cli.run("sample", "--from", junk.toString(), "-o", out.toString()),
                "is not a ganforge model");
        assertOneLineFailure(Cli.run("sample", "--from", dcganModel.toString(), "--ema", "-o", out.toString()),
                "--ema");
        assertOneLineFailure(Cli.run("export", dir.resolve("missing").toString(), "-o", out.toString()),
                "no run directory at");
        assertOneLineFailure(Cli.run("export", dir.toString(), "-o", out.toString()), "not a training run");
        assertFalse(Files.exists(out));
    }

    @Test
    void pngFormatDrawsImageGridsAndCurvePlots() throws Exception {
        Path grid = dir.resolve("grid.png");
        assertEquals(0, Cli.run("sample", "--from", cdcganModel.toString(), "--count", "10", "--format", "png",
                "-o", grid.toString()).code());
        Path curvesRun = FreshRuns.runDirectory(dir.resolve("curves-run"), "curves", 3);
        Path plot = dir.resolve("plot.png");
        Cli curves = Cli.run("sample", "--from", curvesRun.toString(), "--count", "8", "-o", plot.toString());
        assertEquals(0, curves.code(), curves.err());

        for (Path png : List.of(grid, plot)) {
            byte[] bytes = Files.readAllBytes(png);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(bytes, 4), png.toString());
        }
        JsonNode json = sampleJson("--from", curvesRun.toString(), "--count", "8");
        assertEquals(JSON.readTree("[8, 15]"), json.get("shape"));
    }

    @Test
    void aRunThatKeptAnEmaIsSampledAndExportedFromItByDefault() throws Exception {
        Path run = dir.resolve("curves-ema");
        Cli train = Cli.run("train", "--arch", "curves", "--steps", "40", "--ema", "0.9", "--run-dir", run.toString());
        assertEquals(0, train.code(), train.err());
        JsonNode byDefault = sampleJson("--from", run.toString(), "--count", "4", "--seed", "5");
        JsonNode ema = sampleJson("--from", run.toString(), "--ema", "--count", "4", "--seed", "5");
        JsonNode raw = sampleJson("--from", run.toString(), "--no-ema", "--count", "4", "--seed", "5");
        assertEquals(ema, byDefault);
        assertFalse(raw.equals(byDefault), "--no-ema samples G's last weights");
        Cli export = Cli.run("export", run.toString(), "-o", dir.resolve("c.onnx").toString());
        assertEquals(0, export.code(), export.err());
        assertTrue(export.out().contains(", EMA)"), export.out());
        Path curvesRun = FreshRuns.runDirectory(dir.resolve("curves-run"), "curves", 3);
        Cli plain = Cli.run("export", curvesRun.toString(), "-o", dir.resolve("m.onnx").toString());
        assertEquals(0, plain.code(), plain.err());
        assertFalse(plain.out().contains("EMA"), "a run without an EMA exports G: " + plain.out());
    }

    @Test
    void conditionalGridsAreWholeRowsOfOneSamplePerClassByDefault() throws Exception {
        Path grid = dir.resolve("classes.png");
        Cli run = Cli.run("sample", "--from", cdcganModel.toString(), "-o", grid.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("wrote 70 samples"), run.out());
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(grid.toFile());
        java.awt.image.BufferedImage expected = new dev.ganforge.shared.render.SampleGridRenderer(10, 2)
                .image(new float[70 * 28 * 28], 70, 1, 28, 28);
        assertEquals(expected.getWidth() + "x" + expected.getHeight(), image.getWidth() + "x" + image.getHeight(),
                "10 columns (one per class) by 7 full rows");

        Cli fixed = Cli.run("sample", "--from", cdcganModel.toString(), "--label", "4", "-o", grid.toString());
        assertTrue(fixed.out().startsWith("wrote 64 samples"), "one class: the plain default; " + fixed.out());
    }

    @Test
    void npyFormatHoldsTheSameSamplesAsJson() throws Exception {
        Path npy = dir.resolve("samples.npy");
        Cli run = Cli.run("sample", "--from", cdcganModel.toString(), "--count", "3", "--seed", "9", "--format", "npy",
                "-o", npy.toString());
        assertEquals(0, run.code(), run.err());

        SampleBatch batch = NpyFormat.read(Files.readAllBytes(npy));
        JsonNode json = sampleJson("--from", cdcganModel.toString(), "--count", "3", "--seed", "9");
        assertEquals(List.of(3, 1, 28, 28), batch.shape());
        assertArrayEquals(data(json), batch.data());
    }

    private JsonNode sampleJson(String... args) throws IOException {
        Path out = Files.createTempFile(dir, "samples", ".json");
        String[] full = new String[args.length + 5];
        full[0] = "sample";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--format";
        full[args.length + 2] = "json";
        full[args.length + 3] = "--out";
        full[args.length + 4] = out.toString();
        Cli run = Cli.run(full);
        assertEquals(0, run.code(), run.err());
        return JSON.readTree(out.toFile());
    }

    private static void assertOneLineFailure(Cli run, String expected) {
        assertEquals(1, run.code(), run.out() + run.err());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.get(0).startsWith("ganforge: ") && lines.get(0).contains(expected), lines.get(0));
    }

    private static float[] data(JsonNode batch) {
        List<JsonNode> values = StreamSupport.stream(batch.get("data").spliterator(), false).toList();
        float[] data = new float[values.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = values.get(i).floatValue();
        }
        return data;
    }

    private static float maxAbsDiff(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** One CLI invocation. */
    private record Cli(int code, String out, String err) {

        static Cli run(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = GanforgeCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
            return new Cli(code, out.toString(), err.toString());
        }
    }
}
