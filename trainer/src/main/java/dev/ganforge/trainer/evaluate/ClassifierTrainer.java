package dev.ganforge.trainer.evaluate;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.ganforge.trainer.data.DatasetSplit;
import dev.ganforge.trainer.data.ImageDataset;
import dev.ganforge.trainer.engine.ConvolutionCheck;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;

/** Trains a {@link ReferenceClassifier} on a dataset's training split and measures it on the held-out split. */
public final class ClassifierTrainer {

    /**
     * How much training to spend.
     *
     * @param epochs        passes over the (possibly capped) training images
     * @param batchSize     images per optimiser step
     * @param learningRate  Adam's learning rate, decayed along a cosine to a twentieth of it by the last step
     * @param maxImages     at most this many training images are used (0 = all); keeps Fashion-MNIST's 60,000
     *                      affordable on a small CPU
     * @param seed          seeds weight initialisation and shuffling
     */
    public record Budget(int epochs, int batchSize, float learningRate, int maxImages, long seed) {

        /** Enough for ≥ 98% on MNIST's held-out digits in about a minute on two cores. */
        public static final Budget DEFAULT = new Budget(8, 64, 1e-3f, 20_000, 7);

        public Budget {
            if (epochs < 1 || batchSize < 1 || maxImages < 0 || !(learningRate > 0)) {
                throw new IllegalArgumentException("classifier budget needs epochs ≥ 1, batch size ≥ 1, "
                        + "max images ≥ 0 and a positive learning rate");
            }
        }
    }

    private final Budget budget;
    private final Consumer<String> log;

    public ClassifierTrainer(Budget budget, Consumer<String> log) {
        this.budget = budget;
        this.log = log;
    }

    public ReferenceClassifier train(DatasetSplit split) {
        ImageDataset train = split.train();
        if (train.labelCount() < 2) {
            throw new IllegalArgumentException(train.id() + ": a reference classifier needs at least 2 classes");
        }
        long started = System.nanoTime();
        ConvolutionCheck.ensureCorrect();
        Engine.getInstance().setRandomSeed((int) budget.seed());
        Random shuffle = new Random(budget.seed());
        int[] order = subset(train.n(), shuffle);
        Model model = Model.newInstance(ReferenceClassifier.MODEL_NAME);
        try {
            model.setBlock(LeNet.network(train.labelCount()));
            fit(model, train, order, shuffle);
            ClassifierInfo provisional = new ClassifierInfo(train.id(), train.fingerprint(), train.labelNames(),
                    train.channels(), train.height(), train.width(), order.length, budget.epochs(), Double.NaN,
                    0);
            ReferenceClassifier classifier = new ReferenceClassifier(model, provisional);
            double accuracy = classifier.accuracy(split.heldOut());
            double seconds = (System.nanoTime() - started) / 1e9;
            log.accept(String.format("reference classifier for %s: %.2f%% on %d held-out images (%d images × %d "
                    + "epochs, %.0f s)", train.id(), accuracy * 100, split.heldOut().n(), order.length,
                    budget.epochs(), seconds));
            return classifier.withInfo(new ClassifierInfo(train.id(), train.fingerprint(), train.labelNames(),
                    train.channels(), train.height(), train.width(), order.length, budget.epochs(), accuracy,
                    seconds));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private void fit(Model model, ImageDataset train, int[] order, Random shuffle) {
        int batchesPerEpoch = (order.length + budget.batchSize() - 1) / budget.batchSize();
        // Cosine decay: a fixed-rate Adam plateaus a little short of what the same epochs can reach.
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam()
                        .optLearningRateTracker(Tracker.cosine()
                                .setBaseValue(budget.learningRate())
                                .optFinalValue(budget.learningRate() / 20)
                                .setMaxUpdates(batchesPerEpoch * budget.epochs())
                                .build())
                        .build());
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(new Shape(budget.batchSize(), train.channels(), train.height(), train.width()));
            for (int epoch = 0; epoch < budget.epochs(); epoch++) {
                shuffleInPlace(order, shuffle);
                double lossSum = 0;
                for (int from = 0; from < order.length; from += budget.batchSize()) {
                    int n = Math.min(budget.batchSize(), order.length - from);
                    lossSum += step(trainer, train, Arrays.copyOfRange(order, from, from + n));
                }
                log.accept(String.format("  classifier epoch %d/%d: loss %.4f", epoch + 1, budget.epochs(),
                        lossSum / batchesPerEpoch));
            }
        }
    }

    private static double step(Trainer trainer, ImageDataset train, int[] indices) {
        try (NDManager batch = trainer.getManager().newSubManager()) {
            NDArray x = batch.create(train.gather(indices),
                    new Shape(indices.length, train.channels(), train.height(), train.width()));
            int[] labels = train.gatherLabels(indices);
            float[] labelFloats = new float[labels.length];
            for (int i = 0; i < labels.length; i++) {
                labelFloats[i] = labels[i];
            }
            NDArray y = batch.create(labelFloats);
            double loss;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                NDArray l = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
                collector.backward(l);
                loss = l.getFloat();
            }
            trainer.step();
            return loss;
        }
    }

    private int[] subset(int n, Random shuffle) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        if (budget.maxImages() == 0 || budget.maxImages() >= n) {
            return all;
        }
        shuffleInPlace(all, shuffle);
        return Arrays.copyOf(all, budget.maxImages());
    }

    private static void shuffleInPlace(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
