package dev.ganforge.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCatalogTest {

    @TempDir
    Path home;

    @TempDir
    Path data;

    private DatasetCatalog catalog() {
        return new DatasetCatalog(home, home.resolve("no-fashion"));
    }

    @Test
    void idxDirectoryWithoutTestFilesIsSplitByAFixedRule() {
        IdxFiles.write(data, "train", IdxFiles.synthetic(600, 3, 3), true);
        DatasetSplit split = catalog().load("idx:" + data);

        assertEquals(600, split.train().n() + split.heldOut().n());
        assertEquals(HeldOutRule.heldOutCount(600), split.heldOut().n());
        assertTrue(split.heldOut().n() > 70 && split.heldOut().n() < 130, "about one in six: " + split.heldOut().n());
        assertEquals(3, split.train().height());
        assertEquals(1, split.train().channels());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), split.train().labelNames());
        assertEquals("idx:" + data.toAbsolutePath().normalize(), split.train().id());

        // held-out images are exactly those the rule names, and never in training
        Set<Integer> heldOut = new HashSet<>();
        for (int i : HeldOutRule.heldOutIndices(600)) {
            heldOut.add(i);
        }
        int firstHeld = HeldOutRule.heldOutIndices(600)[0];
        assertEquals((firstHeld * 7 & 0xff) / 255f, split.heldOut().pixels()[0], 1e-6);
        for (int i : HeldOutRule.trainIndices(600)) {
            assertFalse(heldOut.contains(i));
        }

        // the same files give the same split and fingerprints, whatever happened in between
        DatasetSplit again = catalog().load("idx:" + data);
        assertEquals(split.train().fingerprint(), again.train().fingerprint());
        assertArrayEquals(split.heldOut().labels(), again.heldOut().labels());
        assertNotEquals(split.train().fingerprint(), split.heldOut().fingerprint());
        assertTrue(split.train().fingerprint().matches("[0-9a-f]{64}"));
    }

    @Test
    void t10kFilesAreTheHeldOutSet() {
        IdxFiles.write(data, "train", IdxFiles.synthetic(40, 2, 2), false);
        IdxFiles.write(data, "t10k", IdxFiles.synthetic(8, 2, 2), true);
        DatasetSplit split = catalog().load("idx:" + data);
        assertEquals(40, split.train().n());
        assertEquals(8, split.heldOut().n());
        assertEquals(split.train().id() + "#held-out", split.heldOut().id());

        DatasetInfo info = catalog().describe("idx:" + data);
        assertTrue(info.available());
        assertEquals(40, info.trainCount());
        assertEquals(8, info.heldOutCount());
    }

    @Test
    void pixelsAreScaledToUnitRangeAndLabelsKept() {
        IdxFiles.write(data, "train", IdxFiles.synthetic(10, 2, 2), false);
        IdxFiles.write(data, "t10k", IdxFiles.synthetic(2, 2, 2), false);
        ImageDataset train = catalog().load("idx:" + data).train();
        assertEquals(4, train.pixelsPerImage());
        assertEquals(9 * 7 / 255f, train.pixels()[9 * 4], 1e-6);
        assertEquals((9 * 7 + 3) / 255f, train.pixels()[9 * 4 + 3], 1e-6);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, train.labels());
        assertArrayEquals(new float[] {21 / 255f, 22 / 255f, 23 / 255f, 24 / 255f}, train.gather(new int[] {3}));
        assertArrayEquals(new int[] {7, 2}, train.gatherLabels(new int[] {7, 2}));
        int[] counts = train.classCounts();
        assertEquals(10, Arrays.stream(counts).sum());
    }

    @Test
    void mismatchedCountsNameTheFiles() {
        IdxWriter.writeImages(data.resolve(IdxDirectory.TRAIN_IMAGES), IdxFiles.synthetic(60, 2, 2).images());
        IdxWriter.writeLabels(data.resolve(IdxDirectory.TRAIN_LABELS + ".gz"), new byte[59]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> catalog().load("idx:" + data));
        assertTrue(e.getMessage().contains("60 images") && e.getMessage().contains("59 labels"), e.getMessage());
    }

    @Test
    void missingDataSaysWhatToRun() {
        DatasetNotFoundException mnist = assertThrows(DatasetNotFoundException.class, () -> catalog().load("mnist"));
        assertEquals("MNIST digits not found in " + home.resolve("datasets/mnist")
                + ": run ./ganforge datasets fetch mnist", mnist.getMessage());

        DatasetNotFoundException fashion =
                assertThrows(DatasetNotFoundException.class, () -> catalog().load("fashion-mnist"));
        assertTrue(fashion.getMessage().contains("./ganforge datasets fetch fashion-mnist"), fashion.getMessage());

        DatasetNotFoundException idx = assertThrows(DatasetNotFoundException.class,
                () -> catalog().load("idx:" + data.resolve("nowhere")));
        assertTrue(idx.getMessage().contains("train-images-idx3-ubyte"), idx.getMessage());
        assertFalse(mnist.getMessage().contains("\n"));
    }

    @Test
    void halfAHeldOutPairIsAnError() {
        IdxFiles.write(data, "train", IdxFiles.synthetic(10, 2, 2), false);
        IdxWriter.writeImages(data.resolve(IdxDirectory.TEST_IMAGES), IdxFiles.synthetic(2, 2, 2).images());
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, () -> catalog().load("idx:" + data));
        assertTrue(e.getMessage().contains(IdxDirectory.TEST_LABELS), e.getMessage());
    }

    @Test
    void unknownSpecIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> catalog().load("cifar"));
        assertTrue(e.getMessage().contains("mnist, fashion-mnist or idx:DIR"), e.getMessage());
    }

    @Test
    void listReportsNamedDatasetsWithHints() throws Exception {
        List<DatasetInfo> infos = catalog().list();
        assertEquals(List.of("mnist", "fashion-mnist"), infos.stream().map(DatasetInfo::spec).toList());
        assertFalse(infos.get(0).available());
        assertTrue(infos.get(0).hint().contains("datasets fetch mnist"));

        Path mnistDir = Files.createDirectories(catalog().mnistDir());
        IdxFiles.write(mnistDir, "train", IdxFiles.synthetic(60, 2, 2), false);
        DatasetInfo mnist = catalog().describe("mnist");
        assertTrue(mnist.available());
        assertEquals(60, mnist.trainCount() + mnist.heldOutCount());
        assertEquals(DatasetCatalog.DIGIT_NAMES, catalog().load("mnist").train().labelNames());
    }
}
