package dev.ganforge.service.inference;

import dev.ganforge.service.model.ModelLease;
import dev.ganforge.service.model.ModelRegistry;
import dev.ganforge.shared.model.LatentCodes;
import dev.ganforge.shared.model.LatentSampler;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.model.SampleBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Turns sample requests into generator runs: validates them against the active version's metadata, draws
 * latents from the shared {@link LatentSampler} (same seed and version, same samples), and hands the run to
 * the {@link SampleBatcher}. The lease is held until the batch has run, so a swap never cuts a request short. Until
 * the replica's {@link StartupGate} opens, every request is refused: what would serve may not be what operators chose.
 */
public final class Sampler {

    private final ModelRegistry registry;
    private final SampleBatcher batcher;
    private final Limits limits;
    private final RunOutcomes outcomes;
    private final StartupGate gate;
    private final Semaphore inFlight;

    /** Bounds on what one request may ask. */
    public record Limits(int defaultCount, int maxCount, int maxConcurrentRequests, int maxInterpolationSteps) {
    }

    public Sampler(ModelRegistry registry, SampleBatcher batcher, Limits limits) {
        this(registry, batcher, limits, RunOutcomes.NONE, StartupGate.OPEN);
    }

    /**
     * @param outcomes told how every generator run ended, by model and version
     * @param gate     closed until the replica knows which version serves
     */
    public Sampler(ModelRegistry registry, SampleBatcher batcher, Limits limits, RunOutcomes outcomes,
                   StartupGate gate) {
        this.registry = registry;
        this.batcher = batcher;
        this.limits = limits;
        this.outcomes = outcomes;
        this.gate = gate;
        this.inFlight = new Semaphore(limits.maxConcurrentRequests());
    }

    /** Sample requests holding one of the {@code maxConcurrentRequests} slots, until their run has completed. */
    public int requestsInFlight() {
        return limits.maxConcurrentRequests() - inFlight.availablePermits();
    }

    public GeneratedSamples sample(String model, SampleSpec spec) {
        return await(sampleAsync(model, spec));
    }

    /**
     * Like {@link #sample} without parking the caller: bad requests throw at once, the stage completes on the
     * batcher's thread once the run is done. Lets the HTTP layer stay on its event loop instead of holding a
     * worker thread per request (the profile in the lab notebook, docs/benchmarks.md's git history).
     */
    public CompletionStage<GeneratedSamples> sampleAsync(String model, SampleSpec spec) {
        return sampleAsync(model, null, spec);
    }

    /** As {@link #sampleAsync(String, SampleSpec)} from one retained version, or the serving one when null. */
    public CompletionStage<GeneratedSamples> sampleAsync(String model, Long version, SampleSpec spec) {
        Supplier<ModelLease> leaseOf = version == null ? () -> registry.leaseRouted(model, spec.seed())
                : () -> registry.lease(model, version);
        return leased(leaseOf, lease -> {
            ModelMetadata metadata = lease.metadata();
            int count = count(spec);
            Long seed = null;
            float[] latents;
            if (spec.latents() != null) {
                latents = flatten(spec.latents(), metadata.latentSize());
            } else {
                seed = spec.seed() != null ? spec.seed() : ThreadLocalRandom.current().nextLong(1L << 48);
                latents = LatentSampler.sample(seed, count, metadata);
            }
            setCodes(metadata, latents, count, spec);
            long[] labels = labels(lease, spec.labels(), count);
            return run(lease, latents, labels, count, seed);
        });
    }

    /**
     * InfoGAN's sweep: for one seed's noise, {@code steps} samples per category (one row each, or only
     * {@code code}'s row), continuous code {@code vary} (1-based) going from −1 to 1 along the row, the others 0.
     */
    public GeneratedSamples sweep(String model, long seed, Integer code, int vary, int steps) {
        checkSteps(steps);
        return await(leased(() -> registry.lease(model), lease -> {
            ModelMetadata metadata = lease.metadata();
            LatentCodes codes = metadata.latentCodes();
            if (codes == null || codes.continuous() == 0) {
                throw new InvalidSampleRequestException("model '" + model + "' has no continuous latent codes to "
                        + "sweep (infogan models do)");
            }
            float[] latents;
            try {
                latents = codes.sweep(LatentSampler.sample(seed, 1, metadata), metadata.latentSize(), code, vary,
                        steps);
            } catch (IllegalArgumentException e) {
                throw new InvalidSampleRequestException(e.getMessage());
            }
            int count = latents.length / metadata.latentSize();
            return run(lease, latents, labels(lease, null, count), count, seed);
        }));
    }

    private void checkSteps(int steps) {
        if (steps < 2 || steps > limits.maxInterpolationSteps()) {
            throw new InvalidSampleRequestException("steps must be in 2.." + limits.maxInterpolationSteps()
                    + ", is " + steps);
        }
    }

    /**
     * Fixes InfoGAN's codes: {@code code} and {@code c} in every row, then the per-sample ones; a model without codes
     * refuses them.
     */
    private static void setCodes(ModelMetadata metadata, float[] latents, int count, SampleSpec spec) {
        Integer code = spec.code();
        List<Float> c = spec.c();
        if (code == null && c == null && spec.perSample() == null) {
            return;
        }
        LatentCodes codes = metadata.latentCodes();
        if (codes == null) {
            throw new InvalidSampleRequestException("model '" + metadata.name() + "' has no latent codes; code and c "
                    + "are for infogan models");
        }
        Float[] values = c == null ? null : c.toArray(new Float[0]);
        try {
            for (int i = 0; i < count; i++) {
                codes.set(latents, metadata.latentSize(), i, code, values);
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidSampleRequestException(e.getMessage());
        }
        if (spec.perSample() != null) {
            spec.perSample().applyTo(codes, latents, metadata.latentSize(), count);
        }
    }

    /** {@code steps} samples walking from the latent of seed {@code from} to that of seed {@code to}. */
    public GeneratedSamples interpolate(String model, long from, long to, int steps, Integer label) {
        checkSteps(steps);
        return await(leased(() -> registry.lease(model), lease -> {
            ModelMetadata metadata = lease.metadata();
            float[] path = LatentPath.walk(LatentSampler.sample(from, 1, metadata),
                    LatentSampler.sample(to, 1, metadata), steps, "normal".equals(metadata.latentDistribution()));
            long[] labels = labels(lease, label == null ? null : List.of(label), steps);
            return run(lease, path, labels, steps, from);
        }));
    }

    /**
     * Runs {@code work} on a lease from {@code leaseOf}: a request that fails before its run starts gives the lease back
     * at once; once started, {@link #run} gives it back when the run completes.
     */
    private CompletionStage<GeneratedSamples> leased(Supplier<ModelLease> leaseOf,
                                                     Function<ModelLease, CompletionStage<GeneratedSamples>> work) {
        gate.pending().ifPresent(why -> {
            throw new NotReadyException(why);
        });
        return limited(() -> {
            ModelLease lease = leaseOf.get();
            try {
                return work.apply(lease);
            } catch (RuntimeException | Error e) {
                lease.close();
                throw e;
            }
        });
    }

    /** Runs {@code work} within the concurrency limit, which is held until its stage completes. */
    private CompletionStage<GeneratedSamples> limited(Supplier<CompletionStage<GeneratedSamples>> work) {
        if (!inFlight.tryAcquire()) {
            throw new TooManyRequestsException("more than " + limits.maxConcurrentRequests()
                    + " sample requests at once; retry shortly");
        }
        CompletionStage<GeneratedSamples> started;
        try {
            started = work.get();
        } catch (RuntimeException | Error e) {
            inFlight.release();
            throw e;
        }
        return started.whenComplete((samples, failure) -> inFlight.release());
    }

    private static GeneratedSamples await(CompletionStage<GeneratedSamples> stage) {
        try {
            return stage.toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Hands the run to the batcher, which closes the lease once the run is over, whatever the outcome. */
    private CompletionStage<GeneratedSamples> run(ModelLease lease, float[] latents, long[] labels, int count,
                                                  Long seed) {
        // The batcher gives the lease back once its run is over, which after a timeout is later than the answer.
        return batcher.submit(lease.generator(), latents, labels, count, lease::close)
                .handle((values, failure) -> {
                    outcomes.ran(lease.name(), lease.version(), failure != null);
                    if (failure != null) {
                        throw runFailure(lease, failure instanceof CompletionException ? failure.getCause() : failure);
                    }
                    return samples(lease, values, labels, count, seed);
                });
    }

    private static GeneratorRunException runFailure(ModelLease lease, Throwable cause) {
        String what = cause instanceof TimeoutException ? "did not finish" : "failed";
        return new GeneratorRunException(lease.name(), lease.version(),
                "generator run " + what + ": " + cause.getMessage(), cause);
    }

    private static GeneratedSamples samples(ModelLease lease, float[] values, long[] labels, int count, Long seed) {
        // Images arrive clamped to [0, 1]: GeneratorSession reads them out that way.
        ModelMetadata metadata = lease.metadata();
        List<Integer> shape = new ArrayList<>();
        shape.add(count);
        shape.addAll(metadata.outputShape());
        return new GeneratedSamples(lease.name(), lease.version(), metadata, seed, labels,
                new SampleBatch(shape, values));
    }

    private int count(SampleSpec spec) {
        Integer count = spec.count();
        if (spec.latents() != null) {
            if (count != null && count != spec.latents().length) {
                throw new InvalidSampleRequestException("count " + count + " disagrees with the "
                        + spec.latents().length + " latent vectors given");
            }
            count = spec.latents().length;
        }
        int effective = count == null ? limits.defaultCount() : count;
        if (effective < 1 || effective > limits.maxCount()) {
            throw new InvalidSampleRequestException("count must be in 1.." + limits.maxCount() + ", is " + effective);
        }
        return effective;
    }

    private static float[] flatten(float[][] latents, int latentSize) {
        float[] flat = new float[latents.length * latentSize];
        for (int i = 0; i < latents.length; i++) {
            if (latents[i] == null || latents[i].length != latentSize) {
                throw new InvalidSampleRequestException("latent vector " + i + " has "
                        + (latents[i] == null ? 0 : latents[i].length) + " values; this model needs " + latentSize);
            }
            for (float value : latents[i]) {
                if (!Float.isFinite(value)) {
                    throw new InvalidSampleRequestException("latent vector " + i + " contains a non-finite value");
                }
            }
            System.arraycopy(latents[i], 0, flat, i * latentSize, latentSize);
        }
        return flat;
    }

    private static long[] labels(ModelLease lease, List<Integer> requested, int count) {
        ModelMetadata metadata = lease.metadata();
        boolean given = requested != null && !requested.isEmpty();
        if (!metadata.conditional()) {
            if (given) {
                throw new InvalidSampleRequestException("model '" + lease.name() + "' is unconditional; "
                        + "labels are not accepted");
            }
            return null;
        }
        if (!given) {
            // No label asked for: cycle through the classes so a grid shows every one.
            return IntStream.range(0, count).mapToLong(i -> i % metadata.labelCount()).toArray();
        }
        if (requested.size() != 1 && requested.size() != count) {
            throw new InvalidSampleRequestException("give one label or one per sample (" + count + "), not "
                    + requested.size());
        }
        long[] labels = new long[count];
        for (int i = 0; i < count; i++) {
            Integer label = requested.get(requested.size() == 1 ? 0 : i);
            if (label == null || label < 0 || label >= metadata.labelCount()) {
                throw new InvalidSampleRequestException("label " + label + " is out of range 0.."
                        + (metadata.labelCount() - 1));
            }
            labels[i] = label;
        }
        return labels;
    }
}
