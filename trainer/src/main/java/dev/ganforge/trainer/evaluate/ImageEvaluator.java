package dev.ganforge.trainer.evaluate;

import dev.ganforge.shared.model.LatentCodes;
import dev.ganforge.shared.model.LatentSampler;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.trainer.data.DatasetSplit;
import dev.ganforge.trainer.data.ImageDataset;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Measures an image generator against one dataset with one reference classifier: FID against the held-out
 * images next to the floor (real training images against the same held-out images), label fidelity for
 * conditional models and class coverage. Real-image features are computed once and reused, so evaluating
 * every few epochs costs only the generated samples.
 */
public final class ImageEvaluator {

    /** The floor and FID are also reported at these fractions of the sample count, to show the N-bias. */
    private static final int[] SIZE_DIVISORS = {4, 2, 1};
    private static final long FLOOR_ORDER_SEED = 0x666c6f6f72L;

    private final ReferenceClassifier classifier;
    private final DatasetSplit split;
    private GaussianStats heldOutStats;
    private Classification heldOutFeatures;
    private Classification trainFeatures;

    public ImageEvaluator(ReferenceClassifier classifier, DatasetSplit split) {
        this.classifier = classifier;
        this.split = split;
    }

    public ReferenceClassifier classifier() {
        return classifier;
    }

    public EvaluationReport evaluate(EvaluatedModel model, String datasetSpec, int samples, long seed) {
        ModelMetadata md = model.metadata();
        checkFits(md);
        if (samples < 2) {
            throw new IllegalArgumentException("--samples must be at least 2 for a covariance, got " + samples);
        }
        int[] labels = null;
        if (md.conditional()) {
            labels = new int[samples];
            for (int i = 0; i < samples; i++) {
                labels[i] = i % md.labelCount();
            }
        }
        float[] z = LatentSampler.sample(seed, samples, md);
        LatentCodes codes = md.latentCodes();
        if (codes != null) {
            // Every category equally often, so each one's class can be read off.
            for (int i = 0; i < samples; i++) {
                codes.set(z, md.latentSize(), i, i % codes.categories(), null);
            }
        }
        float[] images = model.draw(z, labels);
        Classification generated = classifier.classify(images, samples);

        GaussianStats real = heldOutStats();
        Map<String, Double> fidByN = new LinkedHashMap<>();
        Map<String, Double> floorByN = new LinkedHashMap<>();
        for (int n : sampleSizes(samples)) {
            fidByN.put(Integer.toString(n), FrechetDistance.between(generated.featureStats(n), real));
            floorByN.put(Integer.toString(n), floor(n));
        }
        double fid = fidByN.get(Integer.toString(samples));
        double floor = floorByN.get(Integer.toString(samples));

        List<String> classes = classifier.info().labelNames();
        ModeCoverage coverage = ModeCoverage.of(generated.predicted(), classes);
        Recognisability recognisability = Recognisability.of(generated, classes);
        PrecisionRecall precisionRecall = precisionRecall(generated);
        Map<String, Double> intraClass = labels == null ? null : intraClassFid(generated, labels, classes);
        Double intraClassMean = intraClass == null || intraClass.isEmpty() ? null
                : intraClass.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        CodeEvaluation codeEvaluation = codes == null ? null : CodeEvaluation.of(codes, z, md.latentSize(),
                generated.predicted(), classes.size(), images, md.outputShape().get(1), md.outputShape().get(2));
        LabelFidelity fidelity = labels == null ? null : LabelFidelity.of(labels, generated.predicted(), classes);

        return EvaluationReport.builder()
                .fid(fid).fidFloor(floor)
                .labelFidelity(fidelity == null ? null : fidelity.mean())
                .coverageTotalVariation(coverage.totalVariation()).coverageKlToUniform(coverage.klToUniform())
                .classesMissing(coverage.missingClasses().size())
                .recognisable(recognisability.fraction())
                .precision(precisionRecall.precision()).recall(precisionRecall.recall())
                .intraClassFid(intraClassMean)
                .codeAccuracy(codeEvaluation == null ? null : codeEvaluation.accuracy())
                .classifierAccuracy(classifier.info().heldOutAccuracy())
                .subject(subject(md))
                .setup(new EvaluationReport.Setup(samples, seed, datasetSpec, split.heldOut().n(),
                        Instant.now().toString()))
                .fidBySampleSize(fidByN).fidFloorBySampleSize(floorByN)
                .labels(fidelity).coverage(coverage).recognisability(recognisability)
                .intraClassFidPerClass(intraClass).codes(codeEvaluation)
                .classifier(classifier.info())
                .build();
    }

    static EvaluationReport.Subject subject(ModelMetadata md) {
        return new EvaluationReport.Subject(md.name(), md.architecture(), md.runId(), md.step(), md.dataset(),
                md.datasetFingerprint());
    }

    private void checkFits(ModelMetadata md) {
        ClassifierInfo info = classifier.info();
        List<Integer> expected = List.of(info.channels(), info.height(), info.width());
        if (!"image".equals(md.outputKind()) || !expected.equals(md.outputShape())) {
            throw new IllegalArgumentException("the model makes " + md.outputKind() + " samples of shape "
                    + md.outputShape() + " but " + split.train().id() + " has images of shape " + expected);
        }
        if (md.conditional() && md.labelCount() != info.labelNames().size()) {
            throw new IllegalArgumentException("the model is conditioned on " + md.labelCount() + " classes but "
                    + split.train().id() + " has " + info.labelNames().size());
        }
    }

    private GaussianStats heldOutStats() {
        if (heldOutStats == null) {
            heldOutStats = heldOutFeatures().featureStats();
        }
        return heldOutStats;
    }

    private Classification heldOutFeatures() {
        if (heldOutFeatures == null) {
            ImageDataset heldOut = split.heldOut();
            heldOutFeatures = classifier.classify(heldOut.pixels(), heldOut.n());
        }
        return heldOutFeatures;
    }

    /** Precision and recall against as many held-out images as there are samples (at most all of them). */
    private PrecisionRecall precisionRecall(Classification generated) {
        Classification real = heldOutFeatures();
        int n = Math.min(real.count(), generated.count());
        return PrecisionRecall.of(real.features(), n, generated.features(), generated.count(), real.featureSize(),
                PrecisionRecall.DEFAULT_K);
    }

    /** FID of each class's samples against the held-out images of that class, in label order. */
    private Map<String, Double> intraClassFid(Classification generated, int[] labels, List<String> classes) {
        Classification real = heldOutFeatures();
        int[] realLabels = split.heldOut().labels();
        int size = real.featureSize();
        Map<String, Double> perClass = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            float[] fake = rowsOf(generated.features(), labels, c, size);
            float[] actual = rowsOf(real.features(), realLabels, c, size);
            if (fake.length / size < 2 || actual.length / size < 2) {
                continue;
            }
            perClass.put(classes.get(c), FrechetDistance.between(GaussianStats.of(fake, fake.length / size, size),
                    GaussianStats.of(actual, actual.length / size, size)));
        }
        return perClass;
    }

    private static float[] rowsOf(float[] features, int[] labels, int label, int size) {
        int count = 0;
        for (int i = 0; i < labels.length && i * size < features.length; i++) {
            if (labels[i] == label) {
                count++;
            }
        }
        float[] rows = new float[count * size];
        int k = 0;
        for (int i = 0; i < labels.length && i * size < features.length; i++) {
            if (labels[i] == label) {
                System.arraycopy(features, i * size, rows, k++ * size, size);
            }
        }
        return rows;
    }

    /** FID of {@code n} real training images (or all of them, if fewer) against the held-out images. */
    private double floor(int n) {
        ImageDataset train = split.train();
        int wanted = Math.min(n, train.n());
        if (trainFeatures == null || trainFeatures.count() < wanted) {
            int[] order = shuffledPrefix(train.n(), wanted);
            trainFeatures = classifier.classify(train.gather(order), wanted);
        }
        return FrechetDistance.between(trainFeatures.featureStats(wanted), heldOutStats());
    }

    /** The first {@code k} indices of a fixed permutation: the same floor images on every evaluation. */
    private static int[] shuffledPrefix(int n, int k) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        Random random = new Random(FLOOR_ORDER_SEED);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, k);
    }

    private static List<Integer> sampleSizes(int samples) {
        TreeSet<Integer> sizes = new TreeSet<>();
        for (int d : SIZE_DIVISORS) {
            int n = samples / d;
            if (n >= 2) {
                sizes.add(n);
            }
        }
        sizes.add(samples);
        return List.copyOf(sizes);
    }
}
