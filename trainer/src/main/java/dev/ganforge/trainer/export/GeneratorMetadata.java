package dev.ganforge.trainer.export;

import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.trainer.nn.GanArchitecture;
import dev.ganforge.trainer.train.RunManifest;
import dev.ganforge.trainer.train.TrainedGenerator;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/** The {@link ModelMetadata} of a trained generator: what its ONNX export carries and what samplers need. */
public final class GeneratorMetadata {

    private GeneratorMetadata() {
    }

    /**
     * @param name            model name; {@code null} or blank derives one from dataset and architecture
     * @param metrics         evaluation metrics, may be empty
     * @param createdAt       export instant
     * @param ganforgeVersion version of the exporting trainer
     */
    public static ModelMetadata describe(TrainedGenerator trained, String name, Map<String, Double> metrics,
            Instant createdAt, String ganforgeVersion) {
        GanArchitecture architecture = trained.architecture();
        RunManifest manifest = trained.manifest();
        return new ModelMetadata(
                name == null || name.isBlank() ? defaultName(manifest.dataset(), architecture.name()) : name,
                architecture.name(),
                architecture.latentSize(),
                architecture.latentDistribution().wireName(),
                architecture.labelCount(),
                labelNames(architecture.labelCount(), manifest.labelNames()),
                architecture.outputKind().wireName(),
                architecture.sampleShape(),
                manifest.dataset(),
                manifest.datasetFingerprint(),
                manifest.runId(),
                trained.step(),
                createdAt.toString(),
                ganforgeVersion,
                metrics,
                architecture.io().codes());
    }

    /** e.g. {@code mnist-cdcgan}; dataset specs such as {@code idx:/data/x} are reduced to safe characters. */
    public static String defaultName(String dataset, String architecture) {
        String slug = (dataset == null ? "" : dataset).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        return slug.isEmpty() || slug.equals(architecture) ? architecture : slug + "-" + architecture;
    }

    // The run's own names when they fit the architecture, class indices otherwise.
    private static List<String> labelNames(int labelCount, List<String> fromRun) {
        if (labelCount == 0) {
            return List.of();
        }
        if (fromRun != null && fromRun.size() == labelCount) {
            return fromRun;
        }
        return IntStream.range(0, labelCount).mapToObj(Integer::toString).toList();
    }
}
