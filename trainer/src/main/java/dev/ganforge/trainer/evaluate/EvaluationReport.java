package dev.ganforge.trainer.evaluate;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of {@code ganforge evaluate}, written as {@code metrics.json}. The top-level numbers are the
 * headline metrics: the exporter copies exactly the numeric top-level fields into the ONNX model's metadata
 * and the quality gate compares them, so everything else (the set-up, per-class detail) is nested.
 *
 * @param fid                    Fréchet distance of generated vs held-out images in classifier features
 * @param fidFloor               the same distance for as many real training images: the best reachable
 * @param labelFidelity          conditional models: fraction of samples classified as the label asked for
 * @param coverageTotalVariation distance of the predicted class distribution from uniform, 0 = even
 * @param coverageKlToUniform    KL(predicted ‖ uniform) in nats
 * @param classesMissing         classes no generated sample was classified as
 * @param recognisable           image models: fraction of samples the classifier reads with probability ≥ 0.9
 * @param precision              improved precision (k = 3 nearest neighbours on classifier features): generated
 *                               samples inside the real data's manifold
 * @param recall                 improved recall: real samples inside the generated manifold
 * @param intraClassFid          conditional models: mean over classes of FID(class's samples, class's held-out images)
 * @param codeAccuracy           InfoGAN: the classifier's accuracy after the best matching of categories to classes
 * @param classifierAccuracy     the reference classifier's held-out accuracy (how far to trust the above)
 * @param curveFitFraction       curves: fraction fitting {@code a·x² + (a − 1)} with {@code a} in [1, 2]
 * @param curveAMean             curves: mean fitted {@code a}
 * @param curveAStd              curves: spread of fitted {@code a} (U[1, 2] has 0.2887)
 * @param subject                what was evaluated
 * @param setup                  how
 * @param fidBySampleSize        FID with the first N generated samples, for several N: its sample-size bias
 * @param fidFloorBySampleSize   the floor at the same N
 * @param labels                 label fidelity per class
 * @param coverage               predicted class histogram
 * @param recognisability        the confidently read samples per class
 * @param intraClassFidPerClass  conditional models: that FID per class
 * @param codes                  InfoGAN: the matching and the continuous codes' correlations with slant and ink
 * @param curves                 curve fit detail
 * @param classifier             the reference classifier used
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvaluationReport(
        Double fid,
        Double fidFloor,
        Double labelFidelity,
        Double coverageTotalVariation,
        Double coverageKlToUniform,
        Integer classesMissing,
        Double recognisable,
        Double precision,
        Double recall,
        Double intraClassFid,
        Double codeAccuracy,
        Double classifierAccuracy,
        Double curveFitFraction,
        Double curveAMean,
        Double curveAStd,
        Subject subject,
        Setup setup,
        Map<String, Double> fidBySampleSize,
        Map<String, Double> fidFloorBySampleSize,
        LabelFidelity labels,
        ModeCoverage coverage,
        Recognisability recognisability,
        Map<String, Double> intraClassFidPerClass,
        CodeEvaluation codes,
        CurveStats curves,
        ClassifierInfo classifier) {

    /** File name inside a run directory; {@code OnnxExporter} reads the same name. */
    public static final String FILE = "metrics.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * @param model              model name when known (ONNX), else null
     * @param architecture       architecture name
     * @param runId              training run
     * @param step               training iterations at the evaluated checkpoint
     * @param dataset            dataset id the model was trained on
     * @param datasetFingerprint its fingerprint
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Subject(String model, String architecture, String runId, long step, String dataset,
                          String datasetFingerprint) {
    }

    /**
     * @param samples       generated samples
     * @param seed          latent seed
     * @param dataset       dataset spec evaluated against
     * @param heldOutImages real images FID compares with
     * @param evaluatedAt   ISO-8601 instant
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Setup(int samples, long seed, String dataset, Integer heldOutImages, String evaluatedAt) {
    }

    /** Named construction: every figure not set stays absent from the report. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link EvaluationReport} by name. */
    public static final class Builder {
        private Double fid;
        private Double fidFloor;
        private Double labelFidelity;
        private Double coverageTotalVariation;
        private Double coverageKlToUniform;
        private Integer classesMissing;
        private Double recognisable;
        private Double precision;
        private Double recall;
        private Double intraClassFid;
        private Double codeAccuracy;
        private Double classifierAccuracy;
        private Double curveFitFraction;
        private Double curveAMean;
        private Double curveAStd;
        private Subject subject;
        private Setup setup;
        private Map<String, Double> fidBySampleSize;
        private Map<String, Double> fidFloorBySampleSize;
        private LabelFidelity labels;
        private ModeCoverage coverage;
        private Recognisability recognisability;
        private Map<String, Double> intraClassFidPerClass;
        private CodeEvaluation codes;
        private CurveStats curves;
        private ClassifierInfo classifier;

        private Builder() {
        }

        public Builder fid(Double value) {
            fid = value;
            return this;
        }

        public Builder fidFloor(Double value) {
            fidFloor = value;
            return this;
        }

        public Builder labelFidelity(Double value) {
            labelFidelity = value;
            return this;
        }

        public Builder coverageTotalVariation(Double value) {
            coverageTotalVariation = value;
            return this;
        }

        public Builder coverageKlToUniform(Double value) {
            coverageKlToUniform = value;
            return this;
        }

        public Builder classesMissing(Integer value) {
            classesMissing = value;
            return this;
        }

        public Builder recognisable(Double value) {
            recognisable = value;
            return this;
        }

        public Builder precision(Double value) {
            precision = value;
            return this;
        }

        public Builder recall(Double value) {
            recall = value;
            return this;
        }

        public Builder intraClassFid(Double value) {
            intraClassFid = value;
            return this;
        }

        public Builder codeAccuracy(Double value) {
            codeAccuracy = value;
            return this;
        }

        public Builder classifierAccuracy(Double value) {
            classifierAccuracy = value;
            return this;
        }

        public Builder curveFitFraction(Double value) {
            curveFitFraction = value;
            return this;
        }

        public Builder curveAMean(Double value) {
            curveAMean = value;
            return this;
        }

        public Builder curveAStd(Double value) {
            curveAStd = value;
            return this;
        }

        public Builder subject(Subject value) {
            subject = value;
            return this;
        }

        public Builder setup(Setup value) {
            setup = value;
            return this;
        }

        public Builder fidBySampleSize(Map<String, Double> value) {
            fidBySampleSize = value;
            return this;
        }

        public Builder fidFloorBySampleSize(Map<String, Double> value) {
            fidFloorBySampleSize = value;
            return this;
        }

        public Builder labels(LabelFidelity value) {
            labels = value;
            return this;
        }

        public Builder coverage(ModeCoverage value) {
            coverage = value;
            return this;
        }

        public Builder recognisability(Recognisability value) {
            recognisability = value;
            return this;
        }

        public Builder intraClassFidPerClass(Map<String, Double> value) {
            intraClassFidPerClass = value;
            return this;
        }

        public Builder codes(CodeEvaluation value) {
            codes = value;
            return this;
        }

        public Builder curves(CurveStats value) {
            curves = value;
            return this;
        }

        public Builder classifier(ClassifierInfo value) {
            classifier = value;
            return this;
        }

        public EvaluationReport build() {
            return new EvaluationReport(fid, fidFloor, labelFidelity, coverageTotalVariation, coverageKlToUniform, classesMissing, recognisable, precision, recall, intraClassFid, codeAccuracy, classifierAccuracy, curveFitFraction, curveAMean, curveAStd, subject, setup, fidBySampleSize, fidFloorBySampleSize, labels, coverage, recognisability, intraClassFidPerClass, codes, curves, classifier);
        }
    }

    /** The headline metrics, for model metadata and the quality gate. */
    @JsonIgnore
    public Map<String, Double> headline() {
        Map<String, Double> m = new LinkedHashMap<>();
        put(m, "fid", fid);
        put(m, "fidFloor", fidFloor);
        put(m, "labelFidelity", labelFidelity);
        put(m, "coverageTotalVariation", coverageTotalVariation);
        put(m, "coverageKlToUniform", coverageKlToUniform);
        put(m, "classesMissing", classesMissing == null ? null : classesMissing.doubleValue());
        put(m, "classifierAccuracy", classifierAccuracy);
        put(m, "curveFitFraction", curveFitFraction);
        put(m, "curveAMean", curveAMean);
        put(m, "curveAStd", curveAStd);
        return m;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("evaluation report is not serialisable", e);
        }
    }

    /** Writes {@code file} atomically, so the exporter never reads half a report. */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, toJson() + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static EvaluationReport read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), EvaluationReport.class);
    }

    private static void put(Map<String, Double> m, String key, Double value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
