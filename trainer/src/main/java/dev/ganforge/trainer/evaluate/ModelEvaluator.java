package dev.ganforge.trainer.evaluate;

import dev.ganforge.trainer.data.DatasetCatalog;
import dev.ganforge.trainer.data.DatasetSplit;
import java.util.HashMap;
import java.util.Map;

/**
 * Evaluates generators of any architecture: images against their dataset's held-out split with the cached
 * reference classifier, curves against the artist's family. Keeps each dataset's classifier and real-image
 * features loaded, so repeated evaluations (every few epochs) pay only for the generated samples.
 */
public final class ModelEvaluator implements AutoCloseable {

    public static final int DEFAULT_SAMPLES = 2000;
    public static final long DEFAULT_SEED = 1234;
    static final String CURVES = "curves";

    private final DatasetCatalog catalog;
    private final ClassifierStore classifiers;
    private final Map<String, ImageEvaluator> byDataset = new HashMap<>();

    public ModelEvaluator(DatasetCatalog catalog, ClassifierStore classifiers) {
        this.catalog = catalog;
        this.classifiers = classifiers;
    }

    /**
     * @param datasetSpec dataset to compare with; null means the one the model was trained on
     */
    public EvaluationReport evaluate(EvaluatedModel model, String datasetSpec, int samples, long seed) {
        String spec = datasetSpec != null ? datasetSpec : model.datasetSpec();
        if ("curve".equals(model.metadata().outputKind())) {
            return new CurveEvaluator().evaluate(model, samples, seed);
        }
        if (spec == null || spec.isBlank() || CURVES.equals(spec)) {
            throw new IllegalArgumentException("the model does not say which dataset it was trained on: pass "
                    + "--dataset");
        }
        return imageEvaluator(spec).evaluate(model, spec, samples, seed);
    }

    /** The evaluator (classifier trained or loaded, real features cached) for {@code datasetSpec}. */
    public ImageEvaluator imageEvaluator(String datasetSpec) {
        ImageEvaluator evaluator = byDataset.get(datasetSpec);
        if (evaluator == null) {
            DatasetSplit split = catalog.load(datasetSpec);
            evaluator = new ImageEvaluator(classifiers.loadOrTrain(split), split);
            byDataset.put(datasetSpec, evaluator);
        }
        return evaluator;
    }

    @Override
    public void close() {
        byDataset.values().forEach(e -> e.classifier().close());
        byDataset.clear();
    }
}
