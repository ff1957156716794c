package dev.ganforge.trainer.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.trainer.data.DatasetSplit;
import dev.ganforge.trainer.data.ImageDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceClassifierTest {

    @TempDir
    Path home;

    @Test
    void learnsRealDigitsOnceAndReusesTheCachedClassifier() {
        DatasetSplit split = TestDigits.mnist();
        ImageDataset heldOut = split.heldOut();
        List<String> firstLog = new ArrayList<>();
        ClassifierStore store = new ClassifierStore(home,
                new ClassifierTrainer(TestDigits.SMALL_BUDGET, firstLog::add), firstLog::add);

        int[] predicted;
        double accuracy;
        try (ReferenceClassifier classifier = store.loadOrTrain(split)) {
            accuracy = classifier.info().heldOutAccuracy();
            // The full budget reaches ≥ 98% (docs/quality.md); two short epochs on a quarter of the digits ≥ 90%.
            assertTrue(accuracy >= 0.90, "held-out accuracy " + accuracy + "; log: " + firstLog);
            assertEquals(accuracy, classifier.accuracy(heldOut), 1e-12);
            Classification c = classifier.classify(heldOut.pixels(), heldOut.n());
            predicted = c.predicted();
            assertEquals(heldOut.n() * LeNet.FEATURES, c.features().length);
            for (float f : c.features()) {
                assertTrue(f >= 0 && Float.isFinite(f), "features are post-ReLU activations, got " + f);
            }
        }
        Path dir = store.directoryFor(split.train());
        assertEquals("mnist-" + split.train().fingerprint(), dir.getFileName().toString());
        assertTrue(Files.isRegularFile(dir.resolve(ReferenceClassifier.INFO_FILE)));
        assertTrue(firstLog.stream().anyMatch(l -> l.startsWith("training the reference classifier")), firstLog.toString());

        List<String> secondLog = new ArrayList<>();
        ClassifierStore again = new ClassifierStore(home,
                new ClassifierTrainer(TestDigits.SMALL_BUDGET, secondLog::add), secondLog::add);
        try (ReferenceClassifier cached = again.loadOrTrain(split)) {
            assertEquals(List.of(), secondLog, "the cached classifier must not be retrained");
            assertEquals(accuracy, cached.info().heldOutAccuracy());
            assertArrayEquals(predicted, cached.classify(heldOut.pixels(), heldOut.n()).predicted());
        }
    }

    /**
     * Two runs started at once both train the classifier; the one that finishes second finds the other's in place
     * and goes on with its own instead of failing (it did: "Directory not empty").
     */
    @Test
    void twoProcessesCachingTheSameClassifierAtOnceBothGoOn() throws Exception {
        DatasetSplit split = TestDigits.mnist();
        ClassifierStore first = new ClassifierStore(home, new ClassifierTrainer(TestDigits.SMALL_BUDGET, l -> { }),
                l -> { });
        boolean[] firstDone = {false};
        ClassifierStore second = new ClassifierStore(home, new ClassifierTrainer(TestDigits.SMALL_BUDGET, line -> {
            if (!firstDone[0]) {
                // While the second trains, the first trains and caches its classifier.
                firstDone[0] = true;
                first.loadOrTrain(split).close();
            }
        }), l -> { });
        try (ReferenceClassifier classifier = second.loadOrTrain(split)) {
            assertTrue(firstDone[0], "the first store cached its classifier while the second trained");
            assertTrue(classifier.info().heldOutAccuracy() >= 0.90);
        }
        assertTrue(Files.isRegularFile(second.directoryFor(split.train()).resolve(ReferenceClassifier.INFO_FILE)));
        try (var leftovers = Files.list(home.resolve("classifiers"))) {
            assertEquals(List.of(second.directoryFor(split.train()).getFileName().toString()),
                    leftovers.map(p -> p.getFileName().toString()).toList(), "no staging directory left behind");
        }
    }
}
