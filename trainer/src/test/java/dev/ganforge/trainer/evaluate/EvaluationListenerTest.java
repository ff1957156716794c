package dev.ganforge.trainer.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ganforge.trainer.cli.GanforgeCommand;
import dev.ganforge.trainer.cli.GanforgeHome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ganforge train --eval-every 1}: a real (tiny) training run writes metrics.json after each epoch, scoring
 * the generator export would ship (EMA) at the iteration the checkpoint is named after.
 */
class EvaluationListenerTest {

    @TempDir
    Path tmp;

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
    void trainingWritesMetricsEveryEpochAndAtTheEnd() throws Exception {
        Path runDir = tmp.resolve("run");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GanforgeCommand.execute(new PrintWriter(out), new PrintWriter(err), "train", "--arch", "mlp",
                "--dataset", "mnist", "--limit", "256", "--epochs", "2", "--batch-size", "64", "--seed", "3",
                "--g-steps", "2", "--ema", "0.9", "--eval-every", "1", "--run-dir", runDir.toString());
        assertEquals(0, code, err + "\n" + out);

        List<String> history = Files.readAllLines(runDir.resolve(EvaluationListener.HISTORY_FILE),
                StandardCharsets.UTF_8);
        assertEquals(2, history.size(), history.toString());
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(history.get(0));
        JsonNode last = json.readTree(history.get(1));
        // 256 digits in batches of 64: 4 iterations per epoch (8 G updates with --g-steps 2).
        assertEquals(4, first.get("step").asLong(), history.toString());
        assertEquals(8, last.get("step").asLong(), history.toString());
        assertTrue(Files.isDirectory(runDir.resolve("checkpoints").resolve("step-000000008")));

        EvaluationReport report = EvaluationReport.read(runDir.resolve(EvaluationReport.FILE));
        assertEquals(last.get("step").asLong(), report.subject().step());
        assertEquals(last.get("fid").asDouble(), report.fid());
        assertTrue(report.fid() > report.fidFloor(), "two epochs on 256 digits are not real digits yet");
        assertTrue(out.toString().contains("evaluation at step 8 (EMA generator)"), out.toString());
        try (ModelEvaluator evaluator = new ModelEvaluator(TestDigits.catalog(), TestDigits.classifierStore());
             EvaluatedModel ema = EvaluatedModel.open(runDir, true)) {
            EvaluationReport expected = evaluator.evaluate(ema, null, ModelEvaluator.DEFAULT_SAMPLES,
                    ModelEvaluator.DEFAULT_SEED);
            assertEquals(expected.fid(), report.fid(), 1e-3, "metrics.json scores the EMA generator export ships");
        }
    }
}
