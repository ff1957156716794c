package dev.ganforge.shared.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.onnx.GeneratorSignature;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * Whether a loaded graph keeps the {@link GeneratorSignature} its metadata implies: inputs {@code z [N, latentSize]}
 * float (plus {@code label [N]} int64 when conditional; InfoGAN's codes travel inside {@code z}), output
 * {@code samples [N, outputShape...]} float. Symbolic dimensions match any size.
 */
final class GeneratorContract {

    private GeneratorContract() {
    }

    /** @throws IllegalArgumentException saying which input or output breaks the contract, and how */
    static void check(OrtSession session, ModelMetadata metadata) {
        Map<String, NodeInfo> inputs;
        Map<String, NodeInfo> outputs;
        try {
            inputs = session.getInputInfo();
            outputs = session.getOutputInfo();
        } catch (OrtException e) {
            throw new IllegalArgumentException("cannot read the graph's inputs and outputs: " + e.getMessage(), e);
        }
        List<String> expectedInputs = metadata.conditional()
                ? List.of(GeneratorSignature.LATENT_INPUT, GeneratorSignature.LABEL_INPUT)
                : List.of(GeneratorSignature.LATENT_INPUT);
        if (!inputs.keySet().equals(Set.copyOf(expectedInputs))) {
            throw new IllegalArgumentException("graph inputs " + inputs.keySet() + " do not match "
                    + expectedInputs + (metadata.conditional() ? " (conditional model)" : " (unconditional model)"));
        }
        expectTensor(inputs, GeneratorSignature.LATENT_INPUT, OnnxJavaType.FLOAT, new long[] {metadata.latentSize()});
        if (metadata.conditional()) {
            expectTensor(inputs, GeneratorSignature.LABEL_INPUT, OnnxJavaType.INT64, new long[0]);
        }
        if (!outputs.containsKey(GeneratorSignature.OUTPUT)) {
            throw new IllegalArgumentException("graph outputs " + outputs.keySet() + " lack '"
                    + GeneratorSignature.OUTPUT + "'");
        }
        long[] sampleDims = metadata.outputShape().stream().mapToLong(Integer::longValue).toArray();
        expectTensor(outputs, GeneratorSignature.OUTPUT, OnnxJavaType.FLOAT, sampleDims);
    }

    /** Checks element type and that the shape is {@code [batch, sampleDims...]}; symbolic dims (-1) match any size. */
    private static void expectTensor(Map<String, NodeInfo> values, String name, OnnxJavaType type, long[] sampleDims) {
        if (!(values.get(name).getInfo() instanceof TensorInfo tensor)) {
            throw new IllegalArgumentException("'" + name + "' is not a tensor");
        }
        if (tensor.type != type) {
            throw new IllegalArgumentException("'" + name + "' has element type " + tensor.type + ", expected "
                    + type);
        }
        long[] shape = tensor.getShape();
        long[] expected = LongStream.concat(LongStream.of(-1), Arrays.stream(sampleDims)).toArray();
        boolean matches = shape.length == expected.length;
        for (int i = 1; matches && i < shape.length; i++) {
            matches = shape[i] < 0 || shape[i] == expected[i];
        }
        if (!matches) {
            throw new IllegalArgumentException("'" + name + "' has shape " + Arrays.toString(shape)
                    + ", metadata implies [N, " + Arrays.toString(sampleDims).replaceAll("[\\[\\]]", "") + "]");
        }
    }
}
