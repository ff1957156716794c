package dev.ganforge.trainer.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.ganforge.trainer.data.DatasetCatalog;
import dev.ganforge.trainer.data.ImageDataset;
import dev.ganforge.trainer.engine.ConvolutionCheck;
import dev.ganforge.trainer.nn.Architectures;
import dev.ganforge.trainer.nn.GanArchitecture;
import dev.ganforge.trainer.nn.OutputActivation;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Trains a GAN, modelled on pytorch/examples {@code dcgan/main.py}: the whole algorithm is the loop in
 * {@link #iteration}. One iteration = {@code dSteps} discriminator updates (each on a fresh real batch), then
 * {@code gSteps} generator updates (skipped during the first {@code dPretrainSteps} iterations).
 *
 * <p>Determinism: weights come from the engine seeded with the run seed; latents, labels and label noise of
 * iteration k from {@link RandomStreams} (seed, k); the engine (dropout) is reseeded per iteration; the data order
 * of epoch e from (seed, e). A run resumed from a checkpoint therefore repeats the uninterrupted run exactly.
 */
public final class GanTrainer {

    private final DatasetCatalog catalog;

    public GanTrainer(DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    /** Starts a new run in {@code runDir} (which must not hold one) on the data named by {@code config}. */
    public TrainingRun train(TrainConfig config, Path runDir, TrainingListener listener) throws IOException {
        return train(config, loadData(config), runDir, listener);
    }

    /** Starts a new run on the given data (tests, callers that already hold the data). */
    public TrainingRun train(TrainConfig config, TrainingData data, Path runDir, TrainingListener listener)
            throws IOException {
        if (Files.exists(runDir.resolve(RunManifest.FILE))) {
            throw new IllegalArgumentException(runDir + " already holds a run; continue it with --resume " + runDir);
        }
        return run(config, data, runDir, listener, false);
    }

    /**
     * Continues the run in {@code runDir} from its latest checkpoint, exactly as if it had not stopped.
     *
     * @param overrides options to change by their text form (a retrain request's), typically {@code steps} or
     *                  {@code epochs} to extend the run
     */
    public TrainingRun resume(Path runDir, Map<String, String> overrides, TrainingListener listener)
            throws IOException {
        TrainOptions parsed = TrainOptions.parse(overrides);
        return resume(runDir, parsed::applyTo, listener);
    }

    /**
     * Continues the run in {@code runDir} from its latest checkpoint, exactly as if it had not stopped.
     *
     * @param changes what to change in the run's config, typically its {@code steps} or {@code epochs}
     */
    public TrainingRun resume(Path runDir, UnaryOperator<TrainConfig.Builder> changes, TrainingListener listener)
            throws IOException {
        TrainConfig config = RunManifest.read(runDir).config().with(changes);
        return resume(runDir, config, loadData(config), listener);
    }

    /** Continues a run on the given data, which must be the data it started with. */
    public TrainingRun resume(Path runDir, TrainConfig config, TrainingData data, TrainingListener listener)
            throws IOException {
        RunManifest manifest = RunManifest.read(runDir);
        if (!manifest.datasetFingerprint().equals(data.fingerprint())) {
            throw new IllegalArgumentException("the data of " + runDir + " has changed (fingerprint "
                    + manifest.datasetFingerprint() + ", now " + data.fingerprint() + "); cannot resume exactly");
        }
        if (!manifest.config().arch().equals(config.arch()) || manifest.config().seed() != config.seed()) {
            throw new IllegalArgumentException("a resumed run keeps its architecture and seed");
        }
        return run(config, data, runDir, listener, true);
    }

    /** The training data a config names (images via the catalog, or the synthetic curves). */
    public TrainingData loadData(TrainConfig config) {
        if (TrainConfig.CURVES_DATASET.equals(config.dataset())) {
            return new CurvesTrainingData();
        }
        ImageDataset images = catalog.load(config.dataset()).train();
        if (config.limit() > 0 && config.limit() < images.n()) {
            images = ImageTrainingData.firstImages(images, config.limit());
        }
        GanArchitecture arch = Architectures.byName(config.arch());
        return new ImageTrainingData(images, arch.outputActivation() == OutputActivation.TANH);
    }

    private TrainingRun run(TrainConfig config, TrainingData data, Path root, TrainingListener listener,
                            boolean resume) throws IOException {
        GanArchitecture arch = Architectures.byName(config.arch());
        checkCompatible(config, arch, data);
        ConvolutionCheck.ensureCorrect();
        Device device = config.device() == null ? Engine.getInstance().defaultDevice() : Device.fromName(config.device());
        RandomStreams random = new RandomStreams(config.seed());
        Engine.getInstance().setRandomSeed(random.engineSeed(-1));

        try (NDManager manager = NDManager.newBaseManager(device)) {
            Networks nets = new Networks(arch, config, manager);
            Checkpoints checkpoints = new Checkpoints(root);
            EpochSamples samples = new EpochSamples(arch, config.seed(), root);
            LossPlot lossPlot = new LossPlot(root);
            CheckpointState state;
            if (resume) {
                state = checkpoints.restore(nets);
            } else {
                RunManifest.start(config, data, root, device).write(root);
                state = CheckpointState.START;
            }
            int perEpoch = Math.max(1, data.batchesPerEpoch(config.batchSize()));
            long totalSteps = config.steps() > 0 ? config.steps()
                    : ceilDiv((long) config.epochs() * perEpoch, config.dSteps());
            listener.onStart(root.getFileName().toString(), device.toString(), state.step(), totalSteps);

            boolean interrupted = false;
            Losses losses = Losses.NONE;
            long checkpointed = state.step();
            Optional<RealImageCategories> categories = arch.codes() == null ? Optional.empty()
                    : Optional.of(RealImageCategories.open(root, arch.codes().categories(), state.epochsCompleted()));
            try (MetricsLog metrics = MetricsLog.open(root, state.step());
                 Closeable categoriesFile = () -> categories.ifPresent(RealImageCategories::close)) {
                while (state.step() < totalSteps) {
                    if (listener.stopRequested()) {
                        interrupted = true;
                        break;
                    }
                    long step = state.step();
                    int epoch = (int) (state.batchesConsumed() / perEpoch) + 1;
                    boolean pretraining = step < config.dPretrainSteps();
                    long started = System.nanoTime();
                    Engine.getInstance().setRandomSeed(random.engineSeed(step));
                    losses = iteration(nets, config, data, random, state.batchesConsumed(),
                            random.stream(RandomStreams.ITERATION, step), pretraining, categories);
                    double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
                    if (!Float.isFinite(losses.d()) || !(pretraining || Float.isFinite(losses.g()))) {
                        metrics.flush();
                        throw new TrainingDivergedException(step + 1, losses.d(), losses.g(), checkpointed);
                    }
                    state = new CheckpointState(step + 1, state.batchesConsumed() + config.dSteps(),
                            state.epochsCompleted(), state.gUpdates() + (pretraining ? 0 : config.gSteps()));

                    double imagesPerSec = (double) config.batchSize() * config.dSteps() / seconds;
                    metrics.append(new MetricsLog.Row(step + 1, epoch, losses.d(), losses.g(), losses.dx(),
                            losses.dgz(), imagesPerSec));
                    listener.onProgress(epoch, step + 1, losses.d(), losses.g(), losses.dx(), losses.dgz(),
                            imagesPerSec);
                    listener.onLiveArrays(step + 1, () -> liveArrays(manager));

                    int completed = (int) (state.batchesConsumed() / perEpoch);
                    boolean epochEnded = completed > state.epochsCompleted();
                    if (epochEnded) {
                        state = new CheckpointState(state.step(), state.batchesConsumed(), completed,
                                state.gUpdates());
                        Path grid = samples.write(nets, completed);
                        lossPlot.write(metrics.rows());
                        listener.onEpoch(completed, grid);
                        categories.ifPresent(tally -> listener.onRealImageCategories(tally.endEpoch(completed)));
                    }
                    boolean periodic = config.checkpointEvery() > 0 && state.step() % config.checkpointEvery() == 0;
                    if (epochEnded || periodic || state.step() == totalSteps) {
                        metrics.flush();
                        checkpoints.save(nets, state);
                        checkpointed = state.step();
                        listener.onCheckpoint(state.step());
                    }
                }
                metrics.flush();
                if (state.step() != checkpointed) {
                    checkpoints.save(nets, state);
                    listener.onCheckpoint(state.step());
                }
                lossPlot.write(metrics.rows());
            }
            return new TrainingRun(root, root.getFileName().toString(), state.step(), state.epochsCompleted(),
                    interrupted, losses.d(), losses.g());
        }
    }

    /** Native arrays the run's manager holds (its sub-managers included). */
    private static int liveArrays(NDManager manager) {
        return manager instanceof BaseNDManager base ? base.getManagedArrays().size() : -1;
    }

    /**
     * One iteration: the two steps of the GAN game, as in dcgan/main.py. Every random draw comes from {@code rng}
     * in a fixed order, which is what makes a resumed run repeat the uninterrupted one.
     */
    private Losses iteration(Networks nets, TrainConfig config, TrainingData data, RandomStreams random,
                             long firstBatch, Random rng, boolean pretraining,
                             Optional<RealImageCategories> categories) {
        GanLoss loss = config.loss();
        int b = config.batchSize();
        float lossD = Float.NaN;
        float dx = Float.NaN;
        float dgz = Float.NaN;

        // (1) Update D: maximize log D(x) + log(1 - D(G(z)))   (or the chosen loss's critic objective)
        for (int k = 0; k < config.dSteps(); k++) {
            try (NDManager scope = nets.manager.newSubManager()) {
                TrainingBatch real = data.batch(firstBatch + k, b, random, scope);
                NDArray labels = nets.arch.conditional() ? real.labels() : null;
                float[] zValues = Noise.latents(nets.arch, rng, b);
                NDArray z = scope.create(zValues, new Shape(b, nets.arch.latentSize()));
                InformationLoss information = information(nets.arch, zValues, b, scope);
                NDArray[] targets = nets.targets(scope, rng, b, config);
                // Outside the collector, so no graph is recorded for a batch D only looks at (torch.no_grad).
                NDArray fake = nets.generate(z, labels);
                Networks.zero(nets.discriminatorParameters);
                NDArray realScores;
                NDArray realOut;
                NDArray fakeOut;
                NDArray objective;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    realScores = nets.discriminate(real.samples(), labels);
                    NDArray fakeScores = nets.discriminate(fake, labels);
                    realOut = information == null ? realScores : InformationLoss.logit(realScores);
                    fakeOut = information == null ? fakeScores : InformationLoss.logit(fakeScores);
                    objective = loss.discriminator(realOut, fakeOut, targets[0], targets[1]);
                    if (information != null) {
                        // InfoGAN: Q (D's body and its code columns) also maximises the information bound.
                        objective = objective.add(information.of(fakeScores, config.infoCategorical(),
                                config.infoContinuous()));
                    }
                    if (loss == GanLoss.WGAN_GP && config.gpWeight() > 0) {
                        NDArray penalty = gradientPenalty(nets, real.samples(), fake, labels, rng);
                        objective = objective.add(penalty.mul(config.gpWeight()));
                    }
                    collector.backward(objective);
                }
                nets.adamD.step();
                // One copy to the host (one device sync) for the three figures and, for InfoGAN, Q's category
                // estimates on the real batch, which came with D's scores and are tallied without labels. After
                // the collector, so nothing here is recorded.
                NDList toHost = new NDList(objective.reshape(1), report(loss, realOut).reshape(1),
                        report(loss, fakeOut).reshape(1));
                categories.ifPresent(tally -> toHost.add(information.categoryProbabilities(realScores).flatten()));
                float[] figures = NDArrays.concat(toHost).toFloatArray();
                lossD = figures[0];
                dx = figures[1];
                dgz = figures[2];
                categories.ifPresent(tally -> tally.count(Arrays.copyOfRange(figures, 3, figures.length)));
            }
        }
        if (pretraining) {
            return new Losses(lossD, Float.NaN, dx, dgz);
        }

        // (2) Update G: maximize log D(G(z))   (minimax: minimize log(1 - D(G(z))); feature matching:
        //     minimize ||E f(x) - E f(G(z))||² over D's penultimate features f)
        float lossG = Float.NaN;
        for (int k = 0; k < config.gSteps(); k++) {
            try (NDManager scope = nets.manager.newSubManager()) {
                float[] zValues = Noise.latents(nets.arch, rng, b);
                NDArray z = scope.create(zValues, new Shape(b, nets.arch.latentSize()));
                InformationLoss information = information(nets.arch, zValues, b, scope);
                NDArray labels = nets.arch.conditional() ? Noise.labels(scope, rng, b, nets.arch.labelCount()) : null;
                Networks.zero(nets.generatorParameters);
                // D's weight gradients from this step would never be used: not computing them saves their share
                // of the backward pass (the gradient still flows through D to G).
                Networks.requireGradients(nets.discriminatorParameters, false);
                NDArray objective;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray fake = nets.generate(z, labels);
                    if (config.featureMatching()) {
                        TrainingBatch real = data.batch(firstBatch + config.dSteps() - 1, b, random, scope);
                        NDArray realFeatures = nets.features(real.samples()).mean(new int[] {0}).stopGradient();
                        NDArray fakeFeatures = nets.features(fake).mean(new int[] {0});
                        objective = realFeatures.sub(fakeFeatures).square().sum();
                    } else {
                        NDArray scores = nets.discriminate(fake, labels);
                        objective = loss.generator(information == null ? scores : InformationLoss.logit(scores));
                        if (information != null) {
                            // InfoGAN: G also maximises the information its codes leave in the image.
                            objective = objective.add(information.of(scores, config.infoCategorical(),
                                    config.infoContinuous()));
                        }
                    }
                    collector.backward(objective);
                } finally {
                    Networks.requireGradients(nets.discriminatorParameters, true);
                }
                nets.adamG.step();
                nets.updateEma();
                lossG = objective.toFloatArray()[0];
            }
        }
        return new Losses(lossD, lossG, dx, dgz);
    }

    /**
     * WGAN-GP's penalty E[(‖∇D(x̂)‖₂ − 1)²] on random interpolates x̂ of real and generated samples. Needs a
     * second-order gradient: the first backward keeps its graph ({@code create_graph}), which DJL's collector does
     * not expose, hence the direct call into the PyTorch engine.
     */
    private NDArray gradientPenalty(Networks nets, NDArray real, NDArray fake, NDArray labels, Random rng) {
        long b = real.getShape().get(0);
        float[] mix = new float[(int) b];
        for (int i = 0; i < mix.length; i++) {
            mix[i] = rng.nextFloat();
        }
        long[] dims = new long[real.getShape().dimension()];
        Arrays.fill(dims, 1);
        dims[0] = b;
        NDArray eps = real.getManager().create(mix, new Shape(dims));
        NDArray interpolates = real.mul(eps).add(fake.mul(eps.neg().add(1))).stopGradient();
        interpolates.setRequiresGradient(true);
        NDArray out = nets.discriminate(interpolates, labels);
        NDArray scores = (nets.arch.codes() == null ? out : InformationLoss.logit(out)).sum();
        JniUtils.backward((PtNDArray) scores, (PtNDArray) scores.onesLike(), true, true);
        NDArray gradient = interpolates.getGradient();
        // That backward also deposited gradients on D's weights; only the penalty's own backward may count.
        Networks.zero(nets.discriminatorParameters);
        NDArray norms = gradient.reshape(b, -1).square().sum(new int[] {1}).add(1e-12f).sqrt();
        return norms.sub(1).square().mean();
    }

    /** D(x) as reported: the mean probability for a probabilistic loss, else the mean critic score. */
    private static NDArray report(GanLoss loss, NDArray out) {
        return (loss.probabilistic() ? out.getNDArrayInternal().sigmoid() : out).mean();
    }

    /** The information term's targets for InfoGAN, null for every other architecture. */
    private static InformationLoss information(GanArchitecture arch, float[] z, int b, NDManager scope) {
        return arch.codes() == null ? null : InformationLoss.of(arch.codes(), z, b, arch.latentSize(), scope);
    }

    private static void checkCompatible(TrainConfig config, GanArchitecture arch, TrainingData data) {
        if (data instanceof ImageTrainingData images) {
            ImageDataset ds = images.dataset();
            List<Integer> shape = List.of(ds.channels(), ds.height(), ds.width());
            if (!shape.equals(arch.sampleShape())) {
                throw new IllegalArgumentException(config.arch() + " generates " + arch.sampleShape()
                        + " images but " + ds.id() + " holds " + shape);
            }
            if (arch.conditional() && ds.labelCount() != arch.labelCount()) {
                throw new IllegalArgumentException(config.arch() + " is conditioned on " + arch.labelCount()
                        + " classes but " + ds.id() + " has " + ds.labelCount());
            }
            if (ds.n() < config.batchSize()) {
                throw new IllegalArgumentException(ds.id() + " has " + ds.n() + " images, fewer than one batch of "
                        + config.batchSize());
            }
        }
        if (config.featureMatching() && arch.conditional()) {
            throw new IllegalArgumentException("--feature-matching needs an unconditional architecture");
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /**
     * What one iteration reports, as dcgan/main.py prints it: Loss_D, Loss_G (NaN while D is pre-trained), D(x) and
     * D(G(z)).
     */
    private record Losses(float d, float g, float dx, float dgz) {
        static final Losses NONE = new Losses(Float.NaN, Float.NaN, Float.NaN, Float.NaN);
    }
}
