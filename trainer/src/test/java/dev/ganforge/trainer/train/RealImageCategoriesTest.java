package dev.ganforge.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.trainer.data.DatasetCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** InfoGAN's label-free view of its categorical code: how Q sorts the real images, per epoch. */
class RealImageCategoriesTest {

    @TempDir
    Path tmp;

    @Test
    void totalVariationIsZeroWhenEvenAndSeesOneDigitSplitAndTwoMerged() {
        double[] even = new double[10];
        Arrays.fill(even, 0.1);
        assertEquals(0, new RealImageCategories.Row(1, 100, even, 0, Math.log(10)).totalVariation(), 1e-12);

        double[] splitAndMerged = even.clone();
        splitAndMerged[0] = 0.2;
        splitAndMerged[1] = 0.05;
        splitAndMerged[2] = 0.05;
        RealImageCategories.Row row = new RealImageCategories.Row(1, 100, splitAndMerged, 0, Math.log(10));
        assertEquals(0.1, row.totalVariation(), 1e-12);
        assertEquals(0.05, row.least(), 1e-12);
        assertEquals(0.2, row.most(), 1e-12);

        double[] oneTakesAll = new double[10];
        oneTakesAll[3] = 1;
        assertEquals(0.9, new RealImageCategories.Row(1, 100, oneTakesAll, 0, 0).totalVariation(), 1e-12);
    }

    @Test
    void informationIsLnKWhenQIsSureAndEvenAndZeroWhenItCannotTell() throws Exception {
        RealImageCategories sure = RealImageCategories.open(Files.createDirectories(tmp.resolve("sure")), 4, 0);
        // Four images, one sure in each of four categories.
        sure.count(new float[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1});
        RealImageCategories.Row row = sure.endEpoch(1);
        assertEquals(Math.log(4), row.information(), 1e-9);
        assertEquals(0, row.meanEntropy(), 1e-9);
        assertEquals(0, row.totalVariation(), 1e-9);

        RealImageCategories unsure = RealImageCategories.open(Files.createDirectories(tmp.resolve("unsure")), 4, 0);
        float[] uniform = new float[8];
        Arrays.fill(uniform, 0.25f);
        unsure.count(uniform);
        row = unsure.endEpoch(1);
        assertEquals(0, row.information(), 1e-6);
        assertEquals(Math.log(4), row.meanEntropy(), 1e-6);

        // Each epoch starts from nothing: a sure epoch after the unsure one is judged on its own.
        unsure.count(new float[] {0, 0, 1, 0});
        assertEquals(1.0, unsure.endEpoch(2).shares()[2], 1e-12);
    }

    @Test
    void anInfoganRunTalliesEveryRealImagePerEpochAndAResumeKeepsTheCompletedEpochs() throws Exception {
        // 128 images in batches of 32: four D steps, 128 real images, per epoch.
        TrainConfig config = TrainConfig.fromOptions(Map.of("arch", "infogan", "dataset", "mnist", "limit", "128",
                "batch-size", "32", "epochs", "2", "seed", "5"));
        GanTrainer trainer = new GanTrainer(MnistDigits.catalog());
        Path run = tmp.resolve("run");
        List<RealImageCategories.Row> heard = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onRealImageCategories(RealImageCategories.Row row) {
                heard.add(row);
            }
        };
        trainer.train(config, run, listener);

        List<String> twoEpochs = rows(run);
        assertEquals(2, twoEpochs.size(), String.join("\n", twoEpochs));
        assertEquals(List.of(1, 2), heard.stream().map(RealImageCategories.Row::epoch).toList());
        for (RealImageCategories.Row row : heard) {
            assertEquals(128, row.images());
            assertEquals(1, Arrays.stream(row.shares()).sum(), 1e-9);
        }
        String[] first = twoEpochs.get(0).split(",");
        assertEquals("1", first[0]);
        assertEquals("128", first[1]);
        assertEquals(heard.get(0).totalVariation(), Double.parseDouble(first[2]), 1e-4);
        assertEquals(5 + 10, first.length);
        assertEquals(heard.get(0).information(), Double.parseDouble(first[3]), 1e-4);

        trainer.resume(run, Map.of("epochs", "3"), TrainingListener.NONE);
        List<String> threeEpochs = rows(run);
        assertEquals(twoEpochs, threeEpochs.subList(0, 2));
        assertEquals(3, threeEpochs.size());
        assertEquals("3,128", threeEpochs.get(2).substring(0, 5));
    }

    @Test
    void anArchitectureWithoutCodesWritesNoTally() throws Exception {
        TrainConfig config = TrainConfig.recipe("curves", null).steps(5).build();
        Path run = tmp.resolve("curves");
        new GanTrainer(new DatasetCatalog(tmp)).train(config, run, TrainingListener.NONE);
        assertFalse(Files.exists(run.resolve(RealImageCategories.FILE)));
    }

    private static List<String> rows(Path run) throws Exception {
        List<String> lines = Files.readAllLines(run.resolve(RealImageCategories.FILE));
        assertTrue(lines.get(0).startsWith("epoch,images,total_variation,information,mean_entropy,share_0,"),
                lines.get(0));
        return lines.subList(1, lines.size());
    }
}
