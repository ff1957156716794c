package dev.ganforge.trainer.train;

import dev.ganforge.trainer.nn.Architectures;
import dev.ganforge.trainer.nn.ConditionalDcgan;
import dev.ganforge.trainer.nn.CurvesGan;
import dev.ganforge.trainer.nn.Dcgan;
import dev.ganforge.trainer.nn.FiveLayerGan;
import dev.ganforge.trainer.nn.InfoGan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Everything that determines a training run. Build with {@link #defaults(String, String)} (per-architecture
 * defaults) or {@link #fromOptions(Map)} (the {@code ganforge train} option names without dashes, as the retrain
 * worker receives them); same config + same data + same seed ⇒ same run on CPU.
 *
 * @param arch             architecture name ({@code mlp}, {@code cdcgan}, {@code dcgan}, {@code curves})
 * @param dataset          dataset spec ({@code mnist}, {@code fashion-mnist}, {@code idx:DIR}); {@code curves} for
 *                         the synthetic parabolas
 * @param loss             {@code minimax}, {@code non-saturating}, {@code wgan-gp} or {@code hinge}
 * @param epochs           passes over the data (ignored when {@code steps} &gt; 0)
 * @param steps            training iterations; 0 means "derive from epochs"
 * @param batchSize        samples per batch
 * @param lrG              generator learning rate
 * @param lrD              discriminator learning rate
 * @param beta1G           Adam β₁ of the generator
 * @param beta1D           Adam β₁ of the discriminator
 * @param beta2            Adam β₂ of both
 * @param dSteps           discriminator updates per iteration (each on a fresh real batch)
 * @param gSteps           generator updates per iteration
 * @param dPretrainSteps   initial iterations that update only the discriminator
 * @param seed             seeds weights, data order, latents, label noise and dropout
 * @param ema              decay of the generator's exponential moving average, 0 = off
 * @param realLabel        target for real samples in BCE losses (0.9 = one-sided label smoothing)
 * @param labelFlip        probability of swapping real/fake targets per sample in BCE losses
 * @param featureMatching  G matches D's penultimate features instead of fooling D (unconditional archs)
 * @param gpWeight         gradient-penalty weight λ for {@code wgan-gp}
 * @param checkpointEvery  also checkpoint every this many iterations (0 = only at epoch ends)
 * @param logEvery         progress log line every this many iterations when not on a terminal
 * @param limit            train on at most this many images (0 = all)
 * @param device           {@code cpu}, {@code gpu}, {@code gpu(1)}…, or {@code null} for the engine default
 * @param infoCategorical  InfoGAN: weight λ of the categorical code's mutual-information term
 * @param infoContinuous   InfoGAN: weight λ of the continuous codes' term (Gaussian log-likelihood)
 */
public record TrainConfig(
        String arch,
        String dataset,
        String loss,
        int epochs,
        long steps,
        int batchSize,
        float lrG,
        float lrD,
        float beta1G,
        float beta1D,
        float beta2,
        int dSteps,
        int gSteps,
        int dPretrainSteps,
        long seed,
        float ema,
        float realLabel,
        float labelFlip,
        boolean featureMatching,
        float gpWeight,
        int checkpointEvery,
        int logEvery,
        int limit,
        String device,
        float infoCategorical,
        float infoContinuous) {

    public static final List<String> LOSSES = List.of("minimax", "non-saturating", "wgan-gp", "hinge");
    /** Dataset spec of the synthetic parabolas of the {@code curves} architecture. */
    public static final String CURVES_DATASET = "curves";

    public TrainConfig {
        Architectures.byName(arch);
        require(dataset != null && !dataset.isBlank(), "dataset is required");
        require(LOSSES.contains(loss), "unknown loss '" + loss + "' (known: " + String.join(", ", LOSSES) + ")");
        require(epochs > 0 || steps > 0, "epochs or steps must be positive");
        require(steps >= 0, "steps must not be negative");
        require(batchSize > 0, "batch-size must be positive");
        require(lrG > 0 && lrD > 0, "learning rates must be positive");
        require(beta1G >= 0 && beta1G < 1 && beta1D >= 0 && beta1D < 1 && beta2 >= 0 && beta2 < 1,
                "Adam betas must be in [0, 1)");
        require(dSteps > 0 && gSteps > 0, "d-steps and g-steps must be positive");
        require(dPretrainSteps >= 0, "d-pretrain-steps must not be negative");
        require(ema >= 0 && ema < 1, "ema decay must be in [0, 1)");
        require(realLabel > 0 && realLabel <= 1, "real-label must be in (0, 1]");
        require(labelFlip >= 0 && labelFlip < 0.5, "label-flip must be in [0, 0.5)");
        require(gpWeight >= 0, "gp-weight must not be negative");
        require(infoCategorical >= 0 && infoContinuous >= 0, "info-categorical and info-continuous must not be negative");
        require(checkpointEvery >= 0 && logEvery > 0 && limit >= 0,
                "checkpoint-every and limit must not be negative, log-every must be positive");
        boolean curves = CurvesGan.NAME.equals(arch);
        require(curves == CURVES_DATASET.equals(dataset),
                curves ? "the curves architecture trains on --dataset curves" : "--dataset curves needs --arch curves");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The defaults for {@code arch}, following each architecture's seed article. */
    public static TrainConfig defaults(String arch, String dataset) {
        Architectures.byName(arch);
        return switch (arch) {
            // Seed 004: Adam(lr 1e-4) with PyTorch's default betas, batch 64, G minimises log(1 − D(G(z))).
            case CurvesGan.NAME -> new TrainConfig(arch, dataset == null ? CURVES_DATASET : dataset, "minimax",
                    0, 5000, 64, 1e-4f, 1e-4f, 0.9f, 0.9f, 0.999f, 1, 1, 0, 1, 0, 1f, 0f, false, 10f, 0, 100, 0,
                    null, 1f, 1f);
            // Seed 002: G updated twice per D update. 16 epochs with an EMA generator (exported by default): the budget
            // at which its digits are read as the label asked for, within half an hour on 2 cores (docs/quality.md).
            case ConditionalDcgan.NAME -> new TrainConfig(arch, dataset, "non-saturating", 16, 0, 64, 2e-4f, 2e-4f,
                    0.5f, 0.5f, 0.999f, 1, 2, 0, 1, 0.999f, 1f, 0f, false, 10f, 0, 50, 0, null, 1f, 1f);
            // Seed 003: one-sided label smoothing and a little label noise; 30 epochs with an EMA generator. G
            // updated twice per D update (as cdcgan's seed does): per iteration it learns faster than the 1:1 loop,
            // at about 1.5 times the cost of an iteration (docs/quality.md).
            case Dcgan.NAME -> new TrainConfig(arch, dataset, "non-saturating", 30, 0, 64, 2e-4f, 2e-4f, 0.5f, 0.5f,
                    0.999f, 1, 2, 0, 1, 0.999f, 0.9f, 0.05f, false, 10f, 0, 50, 0, null, 1f, 1f);
            // Seed 001: Adam(lr, β₁) for both, G minimises −log D(G(z)), D pre-trained 30 steps before the alternation;
            // the seed gives no length: 16 epochs with an EMA generator, G updated twice per D update
            // (docs/quality.md).
            case FiveLayerGan.NAME -> new TrainConfig(arch, dataset, "non-saturating", 16, 0, 64, 2e-4f, 2e-4f, 0.5f,
                    0.5f, 0.999f, 1, 2, 30, 1, 0.999f, 1f, 0f, false, 10f, 0, 50, 0, null, 1f, 1f);
            // Seed 003 / InfoGAN's MNIST set-up: Adam 1e-3 for G (and Q through it), 2e-4 for D, β₁ 0.5; the
            // continuous codes' term at 0.1, so they shape the stroke instead of taking over the digit from the
            // categorical code (docs/quality.md).
            case InfoGan.NAME -> new TrainConfig(arch, dataset, "non-saturating", 15, 0, 64, 1e-3f, 2e-4f, 0.5f, 0.5f,
                    0.999f, 1, 1, 0, 1, 0, 1f, 0f, false, 10f, 0, 50, 0, null, 1f, 0.1f);
            // mlp (seed 000): fooling D collapses this small pair onto a few blurred modes (recall 0.00); G matching
            // D's mean features does not, and 40 epochs with an EMA generator take ≈ 3 minutes (docs/quality.md).
            default -> new TrainConfig(arch, dataset, "non-saturating", 40, 0, 64, 1e-3f, 1e-3f, 0.5f, 0.5f,
                    0.999f, 1, 1, 0, 1, 0.999f, 1f, 0f, true, 10f, 0, 50, 0, null, 1f, 1f);
        };
    }

    /**
     * A config from option names (those of {@code ganforge train}, without dashes: {@code arch}, {@code dataset},
     * {@code lr-g}, {@code batch-size}…). {@code arch} is required; everything absent keeps the arch default.
     *
     * @throws IllegalArgumentException one readable line naming the bad option
     */
    public static TrainConfig fromOptions(Map<String, String> options) {
        String arch = options.get("arch");
        if (arch == null) {
            throw new IllegalArgumentException("option 'arch' is required");
        }
        Map<String, Object> values = defaults(arch, options.get("dataset")).toOptions();
        for (Map.Entry<String, String> option : options.entrySet()) {
            String key = option.getKey();
            Object current = values.get(key);
            if (!values.containsKey(key)) {
                throw new IllegalArgumentException("unknown training option '" + key + "' (known: "
                        + String.join(", ", values.keySet()) + ")");
            }
            values.put(key, parse(key, option.getValue(), current));
        }
        return fromValues(values);
    }

    /** This config as option name → value (the inverse of {@link #fromOptions(Map)}). */
    public Map<String, Object> toOptions() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("arch", arch);
        m.put("dataset", dataset);
        m.put("loss", loss);
        m.put("epochs", epochs);
        m.put("steps", steps);
        m.put("batch-size", batchSize);
        m.put("lr-g", lrG);
        m.put("lr-d", lrD);
        m.put("beta1-g", beta1G);
        m.put("beta1-d", beta1D);
        m.put("beta2", beta2);
        m.put("d-steps", dSteps);
        m.put("g-steps", gSteps);
        m.put("d-pretrain-steps", dPretrainSteps);
        m.put("seed", seed);
        m.put("ema", ema);
        m.put("real-label", realLabel);
        m.put("label-flip", labelFlip);
        m.put("feature-matching", featureMatching);
        m.put("gp-weight", gpWeight);
        m.put("checkpoint-every", checkpointEvery);
        m.put("log-every", logEvery);
        m.put("limit", limit);
        m.put("device", device);
        m.put("info-categorical", infoCategorical);
        m.put("info-continuous", infoContinuous);
        return m;
    }

    /** A copy with some options replaced (same names as {@link #fromOptions(Map)}). */
    public TrainConfig with(Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>();
        toOptions().forEach((k, v) -> {
            if (v != null) {
                all.put(k, String.valueOf(v));
            }
        });
        all.putAll(overrides);
        return fromOptions(all);
    }

    public TrainConfig withSteps(long newSteps) {
        return with(Map.of("steps", Long.toString(newSteps)));
    }

    private static Object parse(String key, String text, Object current) {
        BiFunction<String, String, IllegalArgumentException> bad = (k, t) ->
                new IllegalArgumentException("option '" + k + "': '" + t + "' is not a valid value");
        try {
            if (current instanceof Integer) {
                return Integer.parseInt(text.trim());
            }
            if (current instanceof Long) {
                return Long.parseLong(text.trim());
            }
            if (current instanceof Float) {
                return Float.parseFloat(text.trim());
            }
            if (current instanceof Boolean) {
                String t = text.trim().toLowerCase(Locale.ROOT);
                if (!t.equals("true") && !t.equals("false")) {
                    throw bad.apply(key, text);
                }
                return Boolean.parseBoolean(t);
            }
            return text == null || text.isBlank() ? null : text.trim();
        } catch (NumberFormatException e) {
            throw bad.apply(key, text);
        }
    }

    private static TrainConfig fromValues(Map<String, Object> v) {
        return new TrainConfig((String) v.get("arch"), (String) v.get("dataset"), (String) v.get("loss"),
                (Integer) v.get("epochs"), (Long) v.get("steps"), (Integer) v.get("batch-size"),
                (Float) v.get("lr-g"), (Float) v.get("lr-d"), (Float) v.get("beta1-g"), (Float) v.get("beta1-d"),
                (Float) v.get("beta2"), (Integer) v.get("d-steps"), (Integer) v.get("g-steps"),
                (Integer) v.get("d-pretrain-steps"), (Long) v.get("seed"), (Float) v.get("ema"),
                (Float) v.get("real-label"), (Float) v.get("label-flip"), (Boolean) v.get("feature-matching"),
                (Float) v.get("gp-weight"), (Integer) v.get("checkpoint-every"), (Integer) v.get("log-every"),
                (Integer) v.get("limit"), (String) v.get("device"), (Float) v.get("info-categorical"),
                (Float) v.get("info-continuous"));
    }
}
