package dev.ganforge.trainer.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ganforge.trainer.cli.GanforgeCommand;
import dev.ganforge.trainer.cli.GanforgeHome;
import dev.ganforge.trainer.export.ExportResult;
import dev.ganforge.trainer.export.FreshRuns;
import dev.ganforge.trainer.export.OnnxExporter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ganforge evaluate} end to end: run directories and .onnx files in, metrics.json out, export picks it up. */
class EvaluateCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void setUp() {
        TestDigits.classifierStore().loadOrTrain(TestDigits.mnist()).close();
        System.setProperty(GanforgeHome.PROPERTY, TestDigits.HOME.toString());
    }

    @AfterEach
    void tearDown() {
        System.clearProperty(GanforgeHome.PROPERTY);
    }

    @Test
    void evaluatesARunDirectoryIntoMetricsJsonThatExportCarriesIntoTheModel() throws Exception {
        Path runDir = FreshRuns.runDirectory(tmp.resolve("run"), "cdcgan", 3);
        Run run = cli("evaluate", "--from", runDir.toString(), "--samples", "300");
        assertEquals(0, run.code(), run.err());

        JsonNode printed = JSON.readTree(run.out());
        double fid = printed.get("fid").asDouble();
        assertTrue(fid > printed.get("fidFloor").asDouble(), "an untrained generator is worse than real data");
        assertTrue(printed.has("labelFidelity"), run.out());
        assertEquals(300, printed.get("setup").get("samples").asInt());
        assertEquals(fid, EvaluationReport.read(runDir.resolve("metrics.json")).fid());

        ExportResult exported = new OnnxExporter(Clock.systemUTC(), "test").export(runDir, false, "digits");
        assertEquals(fid, exported.metadata().metrics().get("fid"), 1e-9);
        assertFalse(exported.metadata().metrics().containsKey("setup"));

        Path onnx = tmp.resolve("digits.onnx");
        Files.write(onnx, exported.onnx());
        Path out = tmp.resolve("onnx-metrics.json");
        Run fromOnnx = cli("evaluate", "--from", onnx.toString(), "--samples", "300", "--out", out.toString());
        assertEquals(0, fromOnnx.code(), fromOnnx.err());
        EvaluationReport viaOnnx = EvaluationReport.read(out);
        assertEquals("digits", viaOnnx.subject().model());
        // Same latents, same weights, DJL vs ONNX Runtime: the same figure up to float noise.
        assertEquals(fid, viaOnnx.fid(), 1e-2 * Math.max(1, fid));
    }

    @Test
    void evaluatesCurves() throws Exception {
        Path runDir = FreshRuns.runDirectory(tmp.resolve("curves"), "curves", 3);
        Run run = cli("evaluate", "--from", runDir.toString(), "--samples", "200");
        assertEquals(0, run.code(), run.err());
        JsonNode printed = JSON.readTree(run.out());
        assertTrue(printed.has("curveFitFraction") && !printed.has("fid"), run.out());
    }

    @Test
    void badInputIsOneReadableLine() {
        Run missing = cli("evaluate", "--from", tmp.resolve("nope").toString());
        assertEquals(1, missing.code());
        assertEquals(1, missing.err().lines().count(), missing.err());
        assertTrue(missing.err().contains("no run directory or .onnx file"), missing.err());

        Run tooFew = cli("evaluate", "--from", tmp.toString(), "--samples", "1");
        assertTrue(tooFew.code() != 0);
        assertEquals(1, tooFew.err().lines().count(), tooFew.err());
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GanforgeCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }
}
