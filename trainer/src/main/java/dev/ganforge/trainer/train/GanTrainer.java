package dev.ganforge.trainer.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.ganforge.shared.model.LatentCodes;
import dev.ganforge.shared.model.LatentSampler;
import dev.ganforge.shared.render.CurvePlotRenderer;
import dev.ganforge.shared.render.LinePlotRenderer;
import dev.ganforge.shared.render.PlotSeries;
import dev.ganforge.shared.render.SampleGridRenderer;
import dev.ganforge.trainer.data.DatasetCatalog;
import dev.ganforge.trainer.data.ImageDataset;
import dev.ganforge.trainer.engine.ConvolutionCheck;
import dev.ganforge.trainer.nn.Architectures;
import dev.ganforge.trainer.nn.GanArchitecture;
import dev.ganforge.trainer.nn.LatentDistribution;
import dev.ganforge.trainer.nn.OutputActivation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /**
     * Samples in each epoch's grid (fixed latents, so grids are comparable across epochs); a conditional model's grid
     * rounds up to whole rows of one sample per class.
     */
    public static final int GRID_SAMPLES = 64;
    /** Samples along each category's row of an InfoGAN grid. */
    static final int SWEEP_STEPS = 8;

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
        RunDirectory dir = new RunDirectory(root);
        Engine.getInstance().setRandomSeed(random.engineSeed(-1));

        try (NDManager manager = NDManager.newBaseManager(device)) {
            Networks nets = new Networks(arch, config, manager);
            CheckpointState state = CheckpointState.START;
            if (resume) {
                Path checkpoint = dir.latestCheckpoint()
                        .orElseThrow(() -> new IllegalArgumentException(root + " has no checkpoint to resume from"));
                nets.load(checkpoint, manager);
                state = dir.readState(checkpoint);
            } else {
                Files.createDirectories(root);
                manifest(config, data, root, device).write(root);
            }
            int perEpoch = Math.max(1, data.batchesPerEpoch(config.batchSize()));
            long totalSteps = config.steps() > 0 ? config.steps()
                    : ceilDiv((long) config.epochs() * perEpoch, config.dSteps());
            listener.onStart(root.getFileName().toString(), device.toString(), state.step(), totalSteps);

            boolean interrupted = false;
            float lossD = Float.NaN;
            float lossG = Float.NaN;
            long checkpointed = state.step();
            try (MetricsLog metrics = MetricsLog.open(root, state.step())) {
                while (state.step() < totalSteps) {
                    if (listener.stopRequested()) {
                        interrupted = true;
                        break;
                    }
                    long step = state.step();
                    int epoch = (int) (state.batchesConsumed() / perEpoch) + 1;
                    long started = System.nanoTime();
                    Engine.getInstance().setRandomSeed(random.engineSeed(step));
                    IterationResult result = iteration(nets, config, data, random, state.batchesConsumed(),
                            random.stream(RandomStreams.ITERATION, step), step < config.dPretrainSteps());
                    double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
                    long gUpdates = state.gUpdates() + (step < config.dPretrainSteps() ? 0 : config.gSteps());
                    state = new CheckpointState(step + 1, state.batchesConsumed() + config.dSteps(),
                            state.epochsCompleted(), gUpdates);
                    lossD = result.lossD();
                    lossG = result.lossG();
                    double imagesPerSec = (double) config.batchSize() * config.dSteps() / seconds;
                    metrics.append(new MetricsLog.Row(step + 1, epoch, lossD, lossG, result.dx(), result.dgz(),
                            imagesPerSec));
                    listener.onProgress(epoch, step + 1, lossD, lossG, result.dx(), result.dgz(), imagesPerSec);
                    listener.onLiveArrays(step + 1, () -> liveArrays(manager));

                    int completed = (int) (state.batchesConsumed() / perEpoch);
                    boolean epochEnded = completed > state.epochsCompleted();
                    if (epochEnded) {
                        state = new CheckpointState(state.step(), state.batchesConsumed(), completed, gUpdates);
                        Path samples = writeSamples(nets, arch, config, root, completed);
                        writeLossPlot(metrics.rows(), root);
                        listener.onEpoch(completed, samples);
                    }
                    boolean periodic = config.checkpointEvery() > 0 && state.step() % config.checkpointEvery() == 0;
                    if (epochEnded || periodic || state.step() == totalSteps) {
                        metrics.flush();
                        checkpoint(dir, nets, state);
                        checkpointed = state.step();
                        listener.onCheckpoint(state.step());
                    }
                }
                metrics.flush();
                if (state.step() != checkpointed) {
                    checkpoint(dir, nets, state);
                    listener.onCheckpoint(state.step());
                }
                writeLossPlot(metrics.rows(), root);
            }
            return new TrainingRun(root, root.getFileName().toString(), state.step(), state.epochsCompleted(),
                    interrupted, lossD, lossG);
        }
    }

    /** Native arrays the run's manager holds (its sub-managers included). */
    private static int liveArrays(NDManager manager) {
        return manager instanceof BaseNDManager base ? base.getManagedArrays().size() : -1;
    }

    /** One iteration: the two steps of the GAN game. */
    private IterationResult iteration(Networks nets, TrainConfig config, TrainingData data, RandomStreams random,
                                      long firstBatch, Random rng, boolean pretraining) {
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
                float[] zValues = latents(nets.arch, rng, b);
                NDArray z = scope.create(zValues, new Shape(b, nets.arch.latentSize()));
                InformationLoss information = information(nets.arch, zValues, b, scope);
                NDArray[] targets = nets.targets(scope, rng, b, config);
                // Outside the collector, so no graph is recorded for a batch D only looks at (torch.no_grad).
                NDArray fake = call(nets.generator, nets.store, z, labels);
                Networks.zero(nets.discriminatorParameters);
                NDArray realOut;
                NDArray fakeOut;
                NDArray objective;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray realScores = call(nets.discriminator, nets.store, real.samples(), labels);
                    NDArray fakeScores = call(nets.discriminator, nets.store, fake, labels);
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
                // One copy to the host for the three figures, after the collector so nothing here is recorded.
                float[] figures = NDArrays.stack(new NDList(objective, report(loss, realOut), report(loss, fakeOut)))
                        .toFloatArray();
                lossD = figures[0];
                dx = figures[1];
                dgz = figures[2];
            }
        }
        if (pretraining) {
            return new IterationResult(lossD, Float.NaN, dx, dgz);
        }

        // (2) Update G: maximize log D(G(z))   (minimax: minimize log(1 - D(G(z))); feature matching:
        //     minimize ||E f(x) - E f(G(z))||² over D's penultimate features f)
        float lossG = Float.NaN;
        for (int k = 0; k < config.gSteps(); k++) {
            try (NDManager scope = nets.manager.newSubManager()) {
                float[] zValues = latents(nets.arch, rng, b);
                NDArray z = scope.create(zValues, new Shape(b, nets.arch.latentSize()));
                InformationLoss information = information(nets.arch, zValues, b, scope);
                NDArray labels = nets.arch.conditional() ? randomLabels(scope, rng, b, nets.arch.labelCount()) : null;
                Networks.zero(nets.generatorParameters);
                // D's weight gradients from this step would never be used: not computing them saves their share
                // of the backward pass (the gradient still flows through D to G).
                Networks.requireGradients(nets.discriminatorParameters, false);
                NDArray objective;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray fake = call(nets.generator, nets.store, z, labels);
                    if (config.featureMatching()) {
                        TrainingBatch real = data.batch(firstBatch + config.dSteps() - 1, b, random, scope);
                        NDArray realFeatures = features(nets, real.samples()).mean(new int[] {0}).stopGradient();
                        NDArray fakeFeatures = features(nets, fake).mean(new int[] {0});
                        objective = realFeatures.sub(fakeFeatures).square().sum();
                    } else {
                        NDArray scores = call(nets.discriminator, nets.store, fake, labels);
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
        return new IterationResult(lossD, lossG, dx, dgz);
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
        java.util.Arrays.fill(dims, 1);
        dims[0] = b;
        NDArray eps = real.getManager().create(mix, new Shape(dims));
        NDArray interpolates = real.mul(eps).add(fake.mul(eps.neg().add(1))).stopGradient();
        interpolates.setRequiresGradient(true);
        NDArray out = call(nets.discriminator, nets.store, interpolates, labels);
        NDArray scores = (nets.arch.codes() == null ? out : InformationLoss.logit(out)).sum();
        JniUtils.backward((PtNDArray) scores, (PtNDArray) scores.onesLike(), true, true);
        NDArray gradient = interpolates.getGradient();
        // That backward also deposited gradients on D's weights; only the penalty's own backward may count.
        Networks.zero(nets.discriminatorParameters);
        NDArray norms = gradient.reshape(b, -1).square().sum(new int[] {1}).add(1e-12f).sqrt();
        return norms.sub(1).square().mean();
    }

    /** D's penultimate activations: every child of its sequence but the final logit layer. */
    private static NDArray features(Networks nets, NDArray x) {
        NDList h = new NDList(x);
        List<Block> layers = new ArrayList<>(nets.discriminator.getChildren().values());
        for (int i = 0; i < layers.size() - 1; i++) {
            h = layers.get(i).forward(nets.store, h, true);
        }
        return h.singletonOrThrow();
    }

    private static NDArray call(Block block, ParameterStore store, NDArray x, NDArray labels) {
        NDList in = labels == null ? new NDList(x) : new NDList(x, labels);
        return block.forward(store, in, true).singletonOrThrow();
    }

    /** D(x) as reported: the mean probability for a probabilistic loss, else the mean critic score. */
    private static NDArray report(GanLoss loss, NDArray out) {
        return (loss.probabilistic() ? out.getNDArrayInternal().sigmoid() : out).mean();
    }

    /** A batch of latents; InfoGAN's rows end in a random one-hot category and continuous codes U[−1, 1]. */
    private static float[] latents(GanArchitecture arch, Random rng, int b) {
        float[] z = new float[b * arch.latentSize()];
        boolean uniform = arch.latentDistribution() == LatentDistribution.UNIFORM;
        LatentCodes codes = arch.codes();
        if (codes == null) {
            for (int i = 0; i < z.length; i++) {
                z[i] = uniform ? (float) (rng.nextDouble() * 2 - 1) : (float) rng.nextGaussian();
            }
            return z;
        }
        int latent = arch.latentSize();
        int noise = latent - codes.size();
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < noise; k++) {
                z[i * latent + k] = uniform ? (float) (rng.nextDouble() * 2 - 1) : (float) rng.nextGaussian();
            }
            codes.draw(rng, z, i * latent + noise);
        }
        return z;
    }

    /** The information term's targets for InfoGAN, null for every other architecture. */
    private static InformationLoss information(GanArchitecture arch, float[] z, int b, NDManager scope) {
        return arch.codes() == null ? null : InformationLoss.of(arch.codes(), z, b, arch.latentSize(), scope);
    }

    private static NDArray randomLabels(NDManager manager, Random rng, int b, int classes) {
        long[] labels = new long[b];
        for (int i = 0; i < b; i++) {
            labels[i] = rng.nextInt(classes);
        }
        return manager.create(labels);
    }

    private void checkpoint(RunDirectory dir, Networks nets, CheckpointState state) throws IOException {
        dir.writeCheckpoint(state, target -> {
            ParameterFile.write(nets.generator, target.resolve(RunDirectory.GENERATOR));
            ParameterFile.write(nets.discriminator, target.resolve(RunDirectory.DISCRIMINATOR));
            if (nets.ema != null) {
                ParameterFile.write(nets.ema, target.resolve(RunDirectory.GENERATOR_EMA));
            }
            try (OutputStream out = Files.newOutputStream(target.resolve(RunDirectory.ADAM_G))) {
                nets.adamG.save(out);
            }
            try (OutputStream out = Files.newOutputStream(target.resolve(RunDirectory.ADAM_D))) {
                nets.adamD.save(out);
            }
        });
    }

    private static Path writeSamples(Networks nets, GanArchitecture arch, TrainConfig config, Path root, int epoch)
            throws IOException {
        Block generator = nets.ema != null ? nets.ema : nets.generator;
        LatentCodes codes = arch.codes();
        int columns = codes != null ? SWEEP_STEPS : arch.conditional() ? arch.labelCount() : 8;
        int count = codes != null ? codes.categories() * SWEEP_STEPS
                : SampleGridRenderer.wholeRows(GRID_SAMPLES, columns);
        // InfoGAN: one row per category, c1 sweeping −1 → 1 along it over one noise, as the service's /sweep draws.
        float[] z = codes != null
                ? codes.sweep(LatentSampler.sample(config.seed(), 1, arch.latentSize(), arch.latentDistribution().wireName(),
                        codes), arch.latentSize(), null, 1, SWEEP_STEPS)
                : LatentSampler.sample(config.seed(), count, arch.latentSize(), arch.latentDistribution().wireName());
        float[] out;
        try (NDManager scope = nets.manager.newSubManager()) {
            NDList in = new NDList(scope.create(z, new Shape(count, arch.latentSize())));
            if (arch.conditional()) {
                long[] labels = new long[count];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = i % arch.labelCount();
                }
                in.add(scope.create(labels));
            }
            NDArray samples = generator.forward(nets.store, in, false).singletonOrThrow();
            if (arch.outputActivation() == OutputActivation.TANH) {
                samples = samples.add(1).div(2);
            }
            out = samples.toFloatArray();
        }
        List<Integer> shape = arch.sampleShape();
        byte[] png = shape.size() == 3
                ? new SampleGridRenderer(columns, 2)
                        .render(out, count, shape.get(0), shape.get(1), shape.get(2))
                : new CurvePlotRenderer().render(out, count, shape.get(0),
                        CurvePlotRenderer.artistBounds(shape.get(0)));
        Path file = Files.createDirectories(root.resolve(RunDirectory.SAMPLES))
                .resolve(String.format("epoch-%03d.png", epoch));
        Files.write(file, png);
        return file;
    }

    private static void writeLossPlot(List<MetricsLog.Row> rows, Path root) throws IOException {
        List<double[]> d = new ArrayList<>();
        List<double[]> g = new ArrayList<>();
        for (MetricsLog.Row row : rows) {
            if (Float.isFinite(row.lossD())) {
                d.add(new double[] {row.step(), row.lossD()});
            }
            if (Float.isFinite(row.lossG())) {
                g.add(new double[] {row.step(), row.lossG()});
            }
        }
        List<PlotSeries> series = new ArrayList<>();
        if (d.size() > 1) {
            series.add(series("Loss_D", d));
        }
        if (g.size() > 1) {
            series.add(series("Loss_G", g));
        }
        if (series.isEmpty()) {
            return;
        }
        byte[] png = new LinePlotRenderer().render("Generator and discriminator loss", "iteration", "loss", series);
        Files.write(root.resolve(RunDirectory.LOSS_PLOT), png);
    }

    private static PlotSeries series(String name, List<double[]> points) {
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i)[0];
            y[i] = points.get(i)[1];
        }
        return new PlotSeries(name, x, y);
    }

    private static RunManifest manifest(TrainConfig config, TrainingData data, Path root, Device device) {
        String version = GanTrainer.class.getPackage().getImplementationVersion();
        Engine engine = Engine.getInstance();
        return new RunManifest(root.getFileName().toString(), config, data.id(), data.fingerprint(), data.size(),
                data.labelNames(), device.toString(), Engine.getDjlVersion(),
                engine.getEngineName() + " " + engine.getVersion(), version == null ? "dev" : version,
                Instant.now().toString());
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

    private record IterationResult(float lossD, float lossG, float dx, float dgz) {
    }

    /** G, D, their optimisers and G's moving average, all owned by one manager. */
    private static final class Networks {
        final GanArchitecture arch;
        final NDManager manager;
        final ParameterStore store;
        final Block generator;
        final Block discriminator;
        final Block ema;
        final float emaDecay;
        final AdamOptimizer adamG;
        final AdamOptimizer adamD;
        final List<Parameter> generatorParameters;
        final List<Parameter> discriminatorParameters;
        /** decay and 1 − decay as engine scalars, made once rather than by every EMA op. */
        private final NDArray emaDecayScalar;
        private final NDArray emaRestScalar;
        /** Real and fake targets when no label is ever flipped: the same every step, so made once; else null. */
        private final NDArray[] fixedTargets;

        Networks(GanArchitecture arch, TrainConfig config, NDManager manager) {
            this.arch = arch;
            this.manager = manager;
            this.store = new ParameterStore(manager, false);
            this.generator = arch.initializedGenerator(manager);
            this.discriminator = arch.initializedDiscriminator(manager);
            if (!(discriminator instanceof SequentialBlock) && config.featureMatching()) {
                throw new IllegalArgumentException("--feature-matching needs a sequential discriminator");
            }
            this.emaDecay = config.ema();
            if (config.ema() > 0) {
                this.ema = arch.initializedGenerator(manager);
                copy(generator, ema);
            } else {
                this.ema = null;
            }
            this.adamG = new AdamOptimizer(values(generator), config.lrG(), config.beta1G(), config.beta2(), manager);
            this.adamD = new AdamOptimizer(values(discriminator), config.lrD(), config.beta1D(), config.beta2(),
                    manager);
            this.generatorParameters = trainable(generator);
            this.discriminatorParameters = trainable(discriminator);
            this.emaDecayScalar = manager.create(emaDecay);
            this.emaRestScalar = manager.create(1 - emaDecay);
            this.fixedTargets = config.labelFlip() > 0 ? null : new NDArray[] {
                manager.create(filled(config.batchSize(), config.realLabel())),
                manager.create(new float[config.batchSize()])};
        }

        void load(Path checkpoint, NDManager m) throws IOException {
            ParameterFile.read(generator, checkpoint.resolve(RunDirectory.GENERATOR), m);
            ParameterFile.read(discriminator, checkpoint.resolve(RunDirectory.DISCRIMINATOR), m);
            if (ema != null) {
                Path file = checkpoint.resolve(RunDirectory.GENERATOR_EMA);
                if (Files.exists(file)) {
                    ParameterFile.read(ema, file, m);
                } else {
                    copy(generator, ema);
                }
            }
            try (InputStream in = Files.newInputStream(checkpoint.resolve(RunDirectory.ADAM_G))) {
                adamG.load(in, m);
            }
            try (InputStream in = Files.newInputStream(checkpoint.resolve(RunDirectory.ADAM_D))) {
                adamD.load(in, m);
            }
        }

        /**
         * Per-sample BCE targets: real = realLabel (smoothing), fake = 0, each swapped with probability labelFlip.
         * Without flips they never change and draw nothing from {@code rng}.
         */
        NDArray[] targets(NDManager scope, Random rng, int b, TrainConfig config) {
            if (fixedTargets != null) {
                return fixedTargets;
            }
            float[] real = new float[b];
            float[] fake = new float[b];
            for (int i = 0; i < b; i++) {
                real[i] = rng.nextFloat() < config.labelFlip() ? 0f : config.realLabel();
                fake[i] = rng.nextFloat() < config.labelFlip() ? config.realLabel() : 0f;
            }
            return new NDArray[] {scope.create(real), scope.create(fake)};
        }

        /** Zeroes the gradients of {@code parameters}; one engine call each (the engine skips undefined ones). */
        static void zero(List<Parameter> parameters) {
            for (Parameter p : parameters) {
                JniUtils.zeroGrad((PtNDArray) p.getArray());
            }
        }

        static void requireGradients(List<Parameter> parameters, boolean required) {
            for (Parameter p : parameters) {
                p.getArray().setRequiresGradient(required);
            }
        }

        /**
         * ema ← d·ema + (1 − d)·G for every parameter, batch-norm statistics included, with d = min(decay,
         * (1 + t)/(10 + t)) after t generator updates (TensorFlow's ExponentialMovingAverage with num_updates): a
         * fixed 0.999 would still hold 0.999^t of the random initial weights, 37 % after a thousand updates, so
         * short runs exported their EMA half untrained. t is G's Adam step count, restored with a checkpoint, so a
         * resumed run averages exactly as the uninterrupted one.
         */
        void updateEma() {
            if (ema == null) {
                return;
            }
            long t = adamG.stepCount();
            float decay = (float) Math.min(emaDecay, (1.0 + t) / (10.0 + t));
            try (NDManager scalars = manager.newSubManager()) {
                NDArray keep = decay == emaDecay ? emaDecayScalar : scalars.create(decay);
                NDArray rest = decay == emaDecay ? emaRestScalar : scalars.create(1 - decay);
                var source = generator.getParameters();
                var target = ema.getParameters();
                for (int i = 0; i < source.size(); i++) {
                    NDArray s = source.get(i).getValue().getArray();
                    NDArray w = target.get(i).getValue().getArray();
                    try (NDArray share = s.mul(rest)) {
                        w.muli(keep).addi(share);
                    }
                }
            }
        }

        private static void copy(Block from, Block to) {
            var source = from.getParameters();
            var target = to.getParameters();
            for (int i = 0; i < source.size(); i++) {
                target.get(i).getValue().getArray().set(source.get(i).getValue().getArray().toByteBuffer());
            }
        }

        private static float[] filled(int n, float value) {
            float[] array = new float[n];
            java.util.Arrays.fill(array, value);
            return array;
        }

        private static List<Parameter> trainable(Block block) {
            return values(block).stream().filter(Parameter::requiresGradient).toList();
        }

        private static List<Parameter> values(Block block) {
            List<Parameter> list = new ArrayList<>();
            block.getParameters().forEach(p -> list.add(p.getValue()));
            return list;
        }
    }
}
