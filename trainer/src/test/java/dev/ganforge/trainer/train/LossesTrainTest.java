package dev.ganforge.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.trainer.data.DatasetCatalog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Every loss trains without blowing up, including WGAN-GP's second-order gradient penalty. */
class LossesTrainTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"minimax", "non-saturating", "wgan-gp", "hinge"})
    void lossTrainsWithFiniteValues(String loss) throws Exception {
        TrainConfig config = TrainConfig.fromOptions(Map.of("arch", "curves", "steps", "40", "loss", loss,
                "d-steps", "2", "d-pretrain-steps", "5"));
        Path runDir = tmp.resolve(loss);
        TrainingRun run = new GanTrainer(new DatasetCatalog(tmp)).train(config, runDir, TrainingListener.NONE);
        assertEquals(40, run.step());
        List<MetricsLog.Row> rows = MetricsLog.read(runDir);
        assertEquals(40, rows.size());
        assertTrue(Float.isNaN(rows.get(0).lossG()), "G is not trained while D is pre-trained");
        for (MetricsLog.Row row : rows.subList(5, rows.size())) {
            assertTrue(Float.isFinite(row.lossD()) && Float.isFinite(row.lossG()), row.toString());
        }
    }
}
