package dev.ganforge.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.shared.model.LatentSampler;
import dev.ganforge.trainer.data.ImageDataset;
import dev.ganforge.trainer.nn.Architectures;
import dev.ganforge.trainer.nn.GanArchitecture;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each image architecture learns something real from real MNIST digits within a small budget. */
class MnistTrainingTest {

    private static ImageDataset digits;
    private static DigitClassifier classifier;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadDigits() {
        digits = ImageTrainingData.firstImages(MnistDigits.train(), 2048);
        classifier = DigitClassifier.train(digits, 2048, 3, 1);
        float[] check = new float[digits.pixelsPerImage() * 500];
        System.arraycopy(MnistDigits.train().pixels(), 5000 * digits.pixelsPerImage(), check, 0, check.length);
        int[] labels = MnistDigits.train().labels();
        int right = 0;
        for (int i = 0; i < 500; i++) {
            right += classifier.predict(check, i) == labels[5000 + i] ? 1 : 0;
        }
        assertTrue(right > 400, "the judge itself must read real digits: " + right + "/500");
    }

    @Test
    void conditionalDcganDrawsTheRequestedDigit() throws Exception {
        Path runDir = tmp.resolve("cdcgan");
        TrainConfig config = TrainConfig.fromOptions(Map.of("arch", "cdcgan", "dataset", "mnist", "steps", "100",
                "batch-size", "16", "seed", "3"));
        GanTrainer trainer = new GanTrainer(MnistDigits.catalog());
        // Half the digits, so that 100 iterations complete an epoch (64 batches of 16) and leave its grid.
        trainer.train(config, new ImageTrainingData(ImageTrainingData.firstImages(digits, 1024), false), runDir,
                TrainingListener.NONE);

        int n = 200;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        int right = 0;
        try (TrainedGenerator g = RunDirectory.loadGenerator(runDir, false)) {
            float[] images = g.generate(LatentSampler.sample(42, n, 100, "uniform"), labels);
            for (int i = 0; i < n; i++) {
                right += classifier.predict(images, i) == labels[i] ? 1 : 0;
            }
        }
        assertTrue(right > n * 0.4, "samples must show the requested digit far above chance (10 %): " + right + "/" + n);
        // What the run leaves beside the weights: a metrics row per iteration, one grid per completed epoch (the
        // second is cut short), ten classes across, and the loss plot.
        assertEquals(100, MetricsLog.read(runDir).size());
        try (Stream<Path> grids = Files.list(runDir.resolve(RunDirectory.SAMPLES))) {
            assertEquals(List.of("epoch-001.png"), grids.map(p -> p.getFileName().toString()).sorted().toList());
        }
        BufferedImage grid = ImageIO.read(runDir.resolve(RunDirectory.SAMPLES).resolve("epoch-001.png").toFile());
        assertTrue(grid.getWidth() >= 10 * 28 && grid.getHeight() >= 7 * 28, grid.getWidth() + "x" + grid.getHeight());
        assertTrue(ImageIO.read(runDir.resolve(RunDirectory.LOSS_PLOT).toFile()).getWidth() > 0);
    }

    /**
     * Plain mlp at its defaults collapses onto one or two digits within a small budget (1000 steps at lr 1e-3:
     * every sample a "1"; lr 2e-4 likewise); feature matching keeps it spread: 800 steps reach mean-image distance
     * ≈ 0.2 with 8-9 classes, while one step gives distance 1.9 and one class.
     */
    @Test
    void mlpGeneratesDigitLikeImages() throws Exception {
        assertLearnsDigits("mlp", Map.of("steps", "800", "feature-matching", "true"), false);
    }

    /**
     * The four-layer MLP at its own recipe (G fooling D). It starts slower than the others: after 300 steps its
     * samples were all "3"s at mean-image distance 1.5; after 1000, six classes at 0.88 (a haze around the strokes
     * that the EMA and later epochs clear), hence its looser bound on the mean image.
     */
    @Test
    void mlp4GeneratesDigitLikeImages() throws Exception {
        assertLearnsDigits("mlp4", Map.of("steps", "1000"), true, 1.0);
    }

    @Test
    void dcganGeneratesDigitLikeImages() throws Exception {
        assertLearnsDigits("dcgan", Map.of("steps", "200", "batch-size", "32"), true);
    }

    /**
     * Learning, judged by the independent classifier: an untrained generator's samples are noise the classifier
     * reads with low confidence spread; trained samples are read as digits of many classes with the mean image
     * close to the real mean image.
     */
    private void assertLearnsDigits(String arch, Map<String, String> options, boolean symmetric) throws Exception {
        assertLearnsDigits(arch, options, symmetric, 0.5);
    }

    private void assertLearnsDigits(String arch, Map<String, String> options, boolean symmetric,
                                    double maxMeanDistance) throws Exception {
        Path runDir = tmp.resolve(arch);
        java.util.Map<String, String> all = new java.util.HashMap<>(options);
        all.put("arch", arch);
        all.put("dataset", "mnist");
        all.put("seed", "5");
        TrainConfig config = TrainConfig.fromOptions(all);
        new GanTrainer(MnistDigits.catalog()).train(config, new ImageTrainingData(digits, symmetric), runDir,
                TrainingListener.NONE);
        GanArchitecture architecture = Architectures.byName(arch);
        int n = 256;
        float[] images;
        try (TrainedGenerator g = RunDirectory.loadGenerator(runDir, false)) {
            images = g.generate(LatentSampler.sample(9, n, architecture.latentSize(),
                    architecture.latentDistribution().wireName()), null);
        }
        int size = digits.pixelsPerImage();
        double[] realMean = meanImage(digits.pixels(), digits.n(), size);
        double[] fakeMean = meanImage(images, n, size);
        double distance = 0;
        double realNorm = 0;
        for (int p = 0; p < size; p++) {
            distance += (realMean[p] - fakeMean[p]) * (realMean[p] - fakeMean[p]);
            realNorm += realMean[p] * realMean[p];
        }
        int[] classes = new int[10];
        for (int i = 0; i < n; i++) {
            classes[classifier.predict(images, i)]++;
        }
        long distinct = java.util.Arrays.stream(classes).filter(c -> c > n / 50).count();
        String summary = arch + ": relative mean-image distance " + Math.sqrt(distance / realNorm)
                + ", classes " + java.util.Arrays.toString(classes);
        assertTrue(Math.sqrt(distance / realNorm) < maxMeanDistance, "samples do not look like the digits on average: " + summary);
        assertTrue(distinct >= 4, "samples collapse onto few digits: " + summary);
    }

    private static double[] meanImage(float[] pixels, int n, int size) {
        double[] mean = new double[size];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < size; p++) {
                mean[p] += pixels[i * size + p] / n;
            }
        }
        return mean;
    }
}
