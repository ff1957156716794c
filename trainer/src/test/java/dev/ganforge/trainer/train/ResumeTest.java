package dev.ganforge.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.shared.model.LatentSampler;
import dev.ganforge.trainer.data.DatasetCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interrupt + --resume must reproduce the uninterrupted run: same metrics, same generator weights. */
class ResumeTest {

    @TempDir
    Path tmp;

    @Test
    void interruptedAndResumedRunEqualsTheUninterruptedOne() throws Exception {
        // EMA and label noise exercise every saved piece of state: weights, Adam moments, EMA, RNG position.
        TrainConfig config = TrainConfig.fromOptions(Map.of("arch", "curves", "steps", "120", "seed", "11",
                "ema", "0.9", "label-flip", "0.1", "real-label", "0.9", "checkpoint-every", "25"));
        GanTrainer trainer = new GanTrainer(new DatasetCatalog(tmp));

        Path whole = tmp.resolve("whole");
        trainer.train(config, whole, TrainingListener.NONE);

        Path parts = tmp.resolve("parts");
        TrainingRun first = trainer.train(config, parts, stopAt(60));
        assertTrue(first.interrupted());
        assertEquals(60, first.step());
        assertThrows(IllegalArgumentException.class, () -> trainer.train(config, parts, TrainingListener.NONE));

        TrainingRun resumed = trainer.resume(parts, Map.of(), TrainingListener.NONE);
        assertEquals(120, resumed.step());

        assertEquals(losses(whole), losses(parts));
        for (boolean ema : new boolean[] {false, true}) {
            float[] z = LatentSampler.sample(5, 16, 5, "normal");
            try (TrainedGenerator a = RunDirectory.loadGenerator(whole, ema);
                 TrainedGenerator b = RunDirectory.loadGenerator(parts, ema)) {
                assertArrayEquals(a.generate(z, null), b.generate(z, null), 0f);
                assertEquals(a.step(), b.step());
            }
        }
    }

    /** A run whose run.json an earlier trainer wrote (the config's loss as its option name) resumes. */
    @Test
    void aRunFromBeforeTheTypedConfigResumes() throws Exception {
        TrainConfig config = TrainConfig.recipe("curves", null).steps(20).checkpointEvery(10).build();
        GanTrainer trainer = new GanTrainer(new DatasetCatalog(tmp));
        Path run = tmp.resolve("legacy");
        trainer.train(config, run, stopAt(10));
        Path manifest = run.resolve(RunManifest.FILE);
        String written = Files.readString(manifest);
        assertTrue(written.contains("\"loss\" : \"minimax\""), written);
        Files.writeString(manifest, written.replace("\"steps\" : 20,", "\"steps\" : 15,"));

        TrainingRun resumed = trainer.resume(run, Map.of("steps", "20"), TrainingListener.NONE);
        assertEquals(20, resumed.step());
        assertEquals(20, RunManifest.read(run).config().with(b -> b.steps(20)).steps());
    }

    /** Asks the trainer to stop (as Ctrl-C does) once {@code step} iterations are done. */
    private static TrainingListener stopAt(long step) {
        return new TrainingListener() {
            private long done;

            @Override
            public void onProgress(int epoch, long s, float lossD, float lossG, float dx, float dgz, double ips) {
                done = s;
            }

            @Override
            public boolean stopRequested() {
                return done >= step;
            }
        };
    }

    /** Every column but the wall-clock throughput. */
    private static List<String> losses(Path runDir) throws Exception {
        return MetricsLog.read(runDir).stream()
                .map(r -> r.step() + "," + r.epoch() + "," + r.lossD() + "," + r.lossG() + "," + r.dx() + "," + r.dgz())
                .toList();
    }
}
