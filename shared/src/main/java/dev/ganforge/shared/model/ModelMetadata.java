package dev.ganforge.shared.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a generator is, travelling with it: in the ONNX file's {@code metadata_props} (prefixed keys, see
 * {@link #toOnnxProperties()}) and as JSON in the Kafka record header. Consumers rely on it to build
 * inputs (latent size and distribution, labels) and to interpret outputs (kind and per-sample shape).
 *
 * @param name               model name, the unit of versioning (e.g. {@code digits})
 * @param architecture       {@code mlp}, {@code cdcgan}, {@code dcgan} or {@code curves}
 * @param latentSize         length of the {@code z} input per sample
 * @param latentDistribution {@code normal} or {@code uniform} (uniform means U[-1, 1])
 * @param labelCount         number of classes for conditional models, 0 otherwise
 * @param labelNames         class names, {@code labelCount} of them (empty when unconditional)
 * @param outputKind         {@code image} ([C, H, W] in [0, 1]) or {@code curve} ([points])
 * @param outputShape        shape of one sample, without the batch dimension
 * @param dataset            dataset id the generator was trained on
 * @param datasetFingerprint SHA-256 over the training data actually used
 * @param runId              training run id
 * @param step               training iterations at the exported checkpoint (as in metrics.csv)
 * @param createdAt          ISO-8601 instant of export
 * @param ganforgeVersion    version of the exporting trainer
 * @param metrics            evaluation metrics when known (e.g. {@code fid}); may be empty
 * @param latentCodes        InfoGAN's structured codes at the end of {@code z}; null for every other model
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelMetadata(
        String name,
        String architecture,
        int latentSize,
        String latentDistribution,
        int labelCount,
        List<String> labelNames,
        String outputKind,
        List<Integer> outputShape,
        String dataset,
        String datasetFingerprint,
        String runId,
        long step,
        String createdAt,
        String ganforgeVersion,
        Map<String, Double> metrics,
        LatentCodes latentCodes) {

    /** Prefix of every key this class writes to ONNX {@code metadata_props}. */
    public static final String PROPERTY_PREFIX = "ganforge.";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public ModelMetadata {
        Objects.requireNonNull(architecture, "architecture");
        labelNames = labelNames == null ? List.of() : List.copyOf(labelNames);
        outputShape = outputShape == null ? List.of() : List.copyOf(outputShape);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        if (latentCodes != null && latentCodes.size() >= latentSize) {
            throw new IllegalArgumentException("latent codes (" + latentCodes.size() + ") leave no noise in a latent "
                    + "of " + latentSize);
        }
    }

    /** A generator without structured latent codes. */
    public ModelMetadata(String name, String architecture, int latentSize, String latentDistribution, int labelCount,
                         List<String> labelNames, String outputKind, List<Integer> outputShape, String dataset,
                         String datasetFingerprint, String runId, long step, String createdAt, String ganforgeVersion,
                         Map<String, Double> metrics) {
        this(name, architecture, latentSize, latentDistribution, labelCount, labelNames, outputKind, outputShape,
                dataset, datasetFingerprint, runId, step, createdAt, ganforgeVersion, metrics, null);
    }

    public boolean conditional() {
        return labelCount > 0;
    }

    /** Number of floats in one sample. */
    public int sampleSize() {
        return outputShape.stream().reduce(1, (a, b) -> a * b);
    }

    public ModelMetadata withName(String newName) {
        return new ModelMetadata(newName, architecture, latentSize, latentDistribution, labelCount, labelNames,
                outputKind, outputShape, dataset, datasetFingerprint, runId, step, createdAt, ganforgeVersion,
                metrics, latentCodes);
    }

    public ModelMetadata withMetrics(Map<String, Double> newMetrics) {
        return new ModelMetadata(name, architecture, latentSize, latentDistribution, labelCount, labelNames,
                outputKind, outputShape, dataset, datasetFingerprint, runId, step, createdAt, ganforgeVersion,
                newMetrics, latentCodes);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("model metadata is not serialisable", e);
        }
    }

    public static ModelMetadata fromJson(String json) {
        try {
            return JSON.readValue(json, ModelMetadata.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("model metadata is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Flat string properties for ONNX {@code metadata_props}: one key per field so generic ONNX tools (Netron,
     * onnx.load) show them readably; lists and maps are JSON.
     */
    public Map<String, String> toOnnxProperties() {
        Map<String, Object> tree = JSON.convertValue(this, new TypeReference<LinkedHashMap<String, Object>>() { });
        Map<String, String> props = new LinkedHashMap<>();
        tree.forEach((key, value) -> {
            if (value == null) {
                return;
            }
            String text = value instanceof String s ? s : writeJson(value);
            props.put(PROPERTY_PREFIX + key, text);
        });
        return props;
    }

    /** Inverse of {@link #toOnnxProperties()}; ignores keys without the prefix. */
    public static ModelMetadata fromOnnxProperties(Map<String, String> props) {
        Map<String, Object> tree = new LinkedHashMap<>();
        props.forEach((key, value) -> {
            if (!key.startsWith(PROPERTY_PREFIX)) {
                return;
            }
            String field = key.substring(PROPERTY_PREFIX.length());
            tree.put(field, STRING_FIELDS.contains(field) ? value : readJson(value));
        });
        if (!tree.containsKey("architecture")) {
            throw new IllegalArgumentException("ONNX model carries no ganforge metadata ("
                    + PROPERTY_PREFIX + "architecture missing)");
        }
        return JSON.convertValue(tree, ModelMetadata.class);
    }

    private static final List<String> STRING_FIELDS = new ArrayList<>(List.of("name", "architecture",
            "latentDistribution", "outputKind", "dataset", "datasetFingerprint", "runId", "createdAt",
            "ganforgeVersion"));

    private static String writeJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object readJson(String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad metadata value: " + text, e);
        }
    }
}
