package dev.ganforge.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.ganforge.trainer.nn.GanArchitecture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** G, D, their optimisers and G's moving average, all owned by one manager. */
final class Networks {
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
        // InfoGAN's Q head may learn at its own rate; D's body and logit at D's.
        Set<Parameter> informationHead = Collections.newSetFromMap(new IdentityHashMap<>());
        informationHead.addAll(arch.informationHead(discriminator));
        this.adamD = new AdamOptimizer(values(discriminator),
                p -> informationHead.contains(p) ? config.qLearningRate() : config.lrD(), config.beta1D(), config.beta2(),
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
        Arrays.fill(array, value);
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

    /** G(z) (conditioned on {@code labels} when not null), recorded for autograd when a collector is open. */
    NDArray generate(NDArray z, NDArray labels) {
        return call(generator, z, labels);
    }

    /** D(x): one logit (critic score) per sample, then InfoGAN's code estimates. */
    NDArray discriminate(NDArray x, NDArray labels) {
        return call(discriminator, x, labels);
    }

    /** D's penultimate activations: every child of its sequence but the final logit layer (feature matching). */
    NDArray features(NDArray x) {
        NDList h = new NDList(x);
        List<Block> layers = new ArrayList<>(discriminator.getChildren().values());
        for (int i = 0; i < layers.size() - 1; i++) {
            h = layers.get(i).forward(store, h, true);
        }
        return h.singletonOrThrow();
    }

    private NDArray call(Block block, NDArray x, NDArray labels) {
        NDList in = labels == null ? new NDList(x) : new NDList(x, labels);
        return block.forward(store, in, true).singletonOrThrow();
    }

    /** The generator that draws the samples people see: the moving average when the run keeps one. */
    Block sampler() {
        return ema != null ? ema : generator;
    }

    /** Writes every network and optimiser state into a checkpoint directory. */
    void save(Path target) throws IOException {
        ParameterFile.write(generator, target.resolve(RunDirectory.GENERATOR));
        ParameterFile.write(discriminator, target.resolve(RunDirectory.DISCRIMINATOR));
        if (ema != null) {
            ParameterFile.write(ema, target.resolve(RunDirectory.GENERATOR_EMA));
        }
        try (OutputStream out = Files.newOutputStream(target.resolve(RunDirectory.ADAM_G))) {
            adamG.save(out);
        }
        try (OutputStream out = Files.newOutputStream(target.resolve(RunDirectory.ADAM_D))) {
            adamD.save(out);
        }
    }
}
