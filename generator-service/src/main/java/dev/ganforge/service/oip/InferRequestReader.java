package dev.ganforge.service.oip;

import dev.ganforge.service.inference.InvalidSampleRequestException;
import dev.ganforge.service.inference.SampleSpec;
import dev.ganforge.shared.model.ModelMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an {@link InferRequest} as the sample request it is: {@code z} (and {@code label}) tensors become explicit
 * latents (and labels); without {@code z}, the {@code count}, {@code seed} and {@code label} parameters draw the
 * latents exactly as {@code /api/v1} does. Every mistake is an {@link InvalidSampleRequestException} (HTTP 400).
 */
public final class InferRequestReader {

    public static final String LATENTS = "z";
    public static final String LABELS = "label";
    public static final String SAMPLES = "samples";

    private InferRequestReader() {
    }

    public static SampleSpec read(InferRequest request, ModelMetadata metadata) {
        if (request == null) {
            throw new InvalidSampleRequestException("the request has no body; send {\"inputs\": [...]} or "
                    + "{\"parameters\": {\"count\": N}}");
        }
        checkOutputs(request.outputs());
        InferenceTensor z = null;
        InferenceTensor label = null;
        for (InferenceTensor input : request.inputs() == null ? List.<InferenceTensor>of() : request.inputs()) {
            if (input == null || input.name() == null) {
                throw new InvalidSampleRequestException("every input needs a name (z, label)");
            }
            switch (input.name()) {
                case LATENTS -> z = input;
                case LABELS -> label = input;
                default -> throw new InvalidSampleRequestException("unknown input '" + input.name()
                        + "'; this model takes z" + (metadata.conditional() ? " and label" : ""));
            }
        }
        Map<String, Object> parameters = request.parameters() == null ? Map.of() : request.parameters();
        List<Integer> labels = label != null ? labels(label) : labelParameter(parameters);
        Integer code = integer(parameters, "code");
        List<Float> c = floats(parameters, "c");
        if (z == null) {
            return new SampleSpec(integer(parameters, "count"), seed(parameters), labels, null, code, c);
        }
        return new SampleSpec(null, null, labels, latents(z, metadata.latentSize()), code, c);
    }

    private static void checkOutputs(List<InferRequest.RequestedOutput> outputs) {
        if (outputs == null) {
            return;
        }
        for (InferRequest.RequestedOutput output : outputs) {
            if (output == null || !SAMPLES.equals(output.name())) {
                throw new InvalidSampleRequestException("unknown output '" + (output == null ? null : output.name())
                        + "'; a generator has one output, samples");
            }
        }
    }

    private static float[][] latents(InferenceTensor z, int latentSize) {
        if (!"FP32".equals(z.datatype())) {
            throw new InvalidSampleRequestException("input z must be FP32, is " + z.datatype());
        }
        List<Long> shape = z.shape();
        if (shape == null || shape.size() != 2 || shape.get(1) != latentSize || shape.get(0) < 1) {
            throw new InvalidSampleRequestException("input z must have shape [n, " + latentSize + "], has " + shape);
        }
        List<Number> values = flat(z);
        int n = Math.toIntExact(shape.get(0));
        if (values.size() != (long) n * latentSize) {
            throw new InvalidSampleRequestException("input z of shape " + shape + " needs " + (long) n * latentSize
                    + " values, has " + values.size());
        }
        float[][] latents = new float[n][latentSize];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < latentSize; j++) {
                latents[i][j] = values.get(i * latentSize + j).floatValue();
            }
        }
        return latents;
    }

    private static List<Integer> labels(InferenceTensor label) {
        if (!"INT64".equals(label.datatype()) && !"INT32".equals(label.datatype())) {
            throw new InvalidSampleRequestException("input label must be INT64, is " + label.datatype());
        }
        List<Number> values = flat(label);
        List<Long> shape = label.shape();
        if (shape == null || shape.isEmpty() || shape.stream().reduce(1L, Math::multiplyExact) != values.size()) {
            throw new InvalidSampleRequestException("input label's shape " + shape + " does not hold its "
                    + values.size() + " values");
        }
        List<Integer> labels = new ArrayList<>(values.size());
        for (Number value : values) {
            if (value.doubleValue() != Math.rint(value.doubleValue())) {
                throw new InvalidSampleRequestException("input label holds a non-integer value " + value);
            }
            labels.add(value.intValue());
        }
        return labels;
    }

    /** The tensor's data in row-major order, nested arrays flattened. */
    private static List<Number> flat(InferenceTensor tensor) {
        List<Number> values = new ArrayList<>();
        collect(tensor.name(), tensor.data(), values);
        return values;
    }

    private static void collect(String name, Object data, List<Number> into) {
        if (data instanceof Number number) {
            into.add(number);
        } else if (data instanceof List<?> list) {
            for (Object item : list) {
                collect(name, item, into);
            }
        } else {
            throw new InvalidSampleRequestException("input " + name + " needs numbers in its data, found "
                    + (data == null ? "null" : data.getClass().getSimpleName().toLowerCase()));
        }
    }

    private static List<Integer> labelParameter(Map<String, Object> parameters) {
        Integer label = integer(parameters, "label");
        return label == null ? null : List.of(label);
    }

    /** InfoGAN's continuous codes: a number or a list of numbers. */
    private static List<Float> floats(Map<String, Object> parameters, String key) {
        Object value = parameters.get(key);
        if (value == null) {
            return null;
        }
        List<Float> values = new ArrayList<>();
        for (Object item : value instanceof List<?> list ? list : List.of(value)) {
            if (!(item instanceof Number number)) {
                throw new InvalidSampleRequestException("parameter " + key + " must be a number or a list of numbers, is "
                        + value);
            }
            values.add(number.floatValue());
        }
        return values;
    }

    private static Long seed(Map<String, Object> parameters) {
        Object value = parameters.get("seed");
        if (value == null) {
            return null;
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            return number.longValue();
        }
        throw new InvalidSampleRequestException("parameter seed must be an integer, is " + value);
    }

    private static Integer integer(Map<String, Object> parameters, String key) {
        Object value = parameters.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
                && Math.abs(number.doubleValue()) <= Integer.MAX_VALUE) {
            return number.intValue();
        }
        throw new InvalidSampleRequestException("parameter " + key + " must be an integer, is " + value);
    }
}
