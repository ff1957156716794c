package dev.ganforge.service.oip;

import dev.ganforge.service.inference.CodesPerSample;
import dev.ganforge.service.inference.InvalidSampleRequestException;
import dev.ganforge.service.inference.SampleSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an inference request as the sample request it is, for HTTP (JSON, with or without the binary tensor data
 * extension) and gRPC alike: {@code z} (and {@code label}) tensors become explicit latents (and labels), InfoGAN's
 * {@code code} and {@code c} tensors set each sample's codes; without {@code z}, the {@code count}, {@code seed} and
 * {@code label} parameters draw the latents exactly as {@code /api/v1} does. The model's own sizes (latent size,
 * classes, codes) are checked by the {@code Sampler} against the version that runs. Every mistake is an
 * {@link InvalidSampleRequestException} (HTTP 400, gRPC INVALID_ARGUMENT).
 */
public final class InferRequestReader {

    public static final String LATENTS = "z";
    public static final String LABELS = "label";
    public static final String CODE = "code";
    public static final String CONTINUOUS_CODES = "c";
    public static final String SAMPLES = "samples";

    private InferRequestReader() {
    }

    /**
     * A JSON request; inputs whose parameters give {@code binary_data_size} take their bytes, in order, from
     * {@code binary} (the body after the JSON header), which they must use up exactly.
     */
    public static SampleSpec read(InferRequest request, ByteBuffer binary) {
        if (request == null) {
            throw new InvalidSampleRequestException("the request has no body; send {\"inputs\": [...]} or "
                    + "{\"parameters\": {\"count\": N}}");
        }
        List<InputTensor> inputs = new ArrayList<>();
        for (InferenceTensor input : request.inputs() == null ? List.<InferenceTensor>of() : request.inputs()) {
            if (input == null) {
                throw new InvalidSampleRequestException("every input needs a name (z, label, code, c)");
            }
            inputs.add(new InputTensor(input.name(), input.datatype(), input.shape(), values(input, binary)));
        }
        if (binary.hasRemaining()) {
            throw new InvalidSampleRequestException("the binary data holds " + binary.remaining()
                    + " bytes more than the inputs' binary_data_size parameters account for");
        }
        List<String> outputs = request.outputs() == null ? null
                : request.outputs().stream().map(o -> o == null ? null : o.name()).toList();
        return read(inputs, request.parameters(), outputs);
    }

    /**
     * The request as any transport gives it.
     *
     * @param outputs the outputs asked for by name; null or empty asks for all (there is one, {@code samples})
     */
    public static SampleSpec read(List<InputTensor> inputs, Map<String, Object> parameters, List<String> outputs) {
        checkOutputs(outputs);
        Map<String, InputTensor> byName = new LinkedHashMap<>();
        for (InputTensor input : inputs) {
            if (input.name() == null) {
                throw new InvalidSampleRequestException("every input needs a name (z, label, code, c)");
            }
            if (!List.of(LATENTS, LABELS, CODE, CONTINUOUS_CODES).contains(input.name())) {
                throw new InvalidSampleRequestException("unknown input '" + input.name() + "'; a generator takes z, "
                        + "label (conditional models), code and c (infogan models)");
            }
            if (byName.put(input.name(), input) != null) {
                throw new InvalidSampleRequestException("input " + input.name() + " is given twice");
            }
            checkShape(input);
        }
        Map<String, Object> given = parameters == null ? Map.of() : parameters;
        InputTensor z = byName.get(LATENTS);
        InputTensor label = byName.get(LABELS);
        CodesPerSample perSample = codes(byName.get(CODE), byName.get(CONTINUOUS_CODES));
        List<Integer> labels = label != null ? labels(label) : labelParameter(given);
        Integer code = integer(given, "code");
        List<Float> c = floats(given, "c");
        if (z == null) {
            Integer count = integer(given, "count");
            if (count == null && perSample != null) {
                count = perSample.rows();
            }
            return new SampleSpec(count, seed(given), labels, null, code, c, perSample);
        }
        return new SampleSpec(null, null, labels, rows(z), code, c, perSample);
    }

    private static void checkOutputs(List<String> outputs) {
        for (String output : outputs == null ? List.<String>of() : outputs) {
            if (!SAMPLES.equals(output)) {
                throw new InvalidSampleRequestException("unknown output '" + output
                        + "'; a generator has one output, samples");
            }
        }
    }

    /** The JSON {@code data} (flat or nested), or the tensor's share of the binary data. */
    private static double[] values(InferenceTensor input, ByteBuffer binary) {
        Object size = input.parameters() == null ? null : input.parameters().get(BinaryTensorData.SIZE);
        if (size == null) {
            List<Number> values = new ArrayList<>();
            collect(input.name(), input.data(), values);
            return values.stream().mapToDouble(Number::doubleValue).toArray();
        }
        if (input.data() != null) {
            throw new InvalidSampleRequestException("input " + input.name() + " has both data and "
                    + BinaryTensorData.SIZE + "; give one");
        }
        if (!(size instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())
                || number.longValue() < 0) {
            throw new InvalidSampleRequestException("input " + input.name() + "'s " + BinaryTensorData.SIZE
                    + " must be a byte count, is " + size);
        }
        TensorDatatype type = TensorDatatype.of(input.name(), input.datatype());
        long elements = InputTensor.elements(input.name(), input.shape());
        long bytes = number.longValue();
        if (bytes != elements * type.bytes()) {
            throw new InvalidSampleRequestException("input " + input.name() + "'s " + BinaryTensorData.SIZE + " is "
                    + bytes + ", but " + elements + " " + type + " values of shape " + input.shape() + " are "
                    + elements * type.bytes() + " bytes");
        }
        if (bytes > binary.remaining()) {
            throw new InvalidSampleRequestException("input " + input.name() + " needs " + bytes + " bytes of binary "
                    + "data, " + binary.remaining() + " are left (is " + BinaryTensorData.HEADER_LENGTH + " right?)");
        }
        double[] values = type.read(binary, (int) elements);
        binary.position(binary.position() + (int) bytes);
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

    private static void checkShape(InputTensor input) {
        long elements = InputTensor.elements(input.name(), input.shape());
        if (elements != input.values().length) {
            throw new InvalidSampleRequestException("input " + input.name() + " of shape " + input.shape()
                    + " needs " + elements + " values, has " + input.values().length);
        }
    }

    /** A {@code [n, k]} FP32 tensor as n rows of k floats. */
    private static float[][] rows(InputTensor tensor) {
        if (!"FP32".equals(tensor.datatype())) {
            throw new InvalidSampleRequestException("input " + tensor.name() + " must be FP32, is "
                    + tensor.datatype());
        }
        List<Long> shape = tensor.shape();
        if (shape.size() != 2 || shape.get(0) < 1) {
            throw new InvalidSampleRequestException("input " + tensor.name() + " must have shape [n, "
                    + (LATENTS.equals(tensor.name()) ? "latent size" : "codes") + "] with n >= 1, has " + shape);
        }
        int n = Math.toIntExact(shape.get(0));
        int k = Math.toIntExact(shape.get(1));
        float[][] rows = new float[n][k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                rows[i][j] = (float) tensor.values()[i * k + j];
            }
        }
        return rows;
    }

    /** A {@code [n]} integer tensor (INT64, or INT32 as some clients send). */
    private static long[] integers(InputTensor tensor) {
        if (!"INT64".equals(tensor.datatype()) && !"INT32".equals(tensor.datatype())) {
            throw new InvalidSampleRequestException("input " + tensor.name() + " must be INT64, is "
                    + tensor.datatype());
        }
        long[] values = new long[tensor.values().length];
        for (int i = 0; i < values.length; i++) {
            double value = tensor.values()[i];
            if (value != Math.rint(value)) {
                throw new InvalidSampleRequestException("input " + tensor.name() + " holds a non-integer value "
                        + value);
            }
            values[i] = (long) value;
        }
        return values;
    }

    private static List<Integer> labels(InputTensor label) {
        List<Integer> labels = new ArrayList<>();
        for (long value : integers(label)) {
            labels.add(value < Integer.MIN_VALUE || value > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) value);
        }
        return labels;
    }

    private static CodesPerSample codes(InputTensor code, InputTensor c) {
        if (code == null && c == null) {
            return null;
        }
        if (code != null && code.shape().size() != 1) {
            throw new InvalidSampleRequestException("input code must have shape [n], has " + code.shape());
        }
        return new CodesPerSample(code == null ? null : integers(code), c == null ? null : rows(c));
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
