package dev.ganforge.shared.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.onnx.proto.Onnx.ModelProto;
import dev.ganforge.shared.onnx.proto.Onnx.StringStringEntryProto;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelVariantsTest {

    private static byte[] model() {
        ModelMetadata metadata = new ModelMetadata("digits", "mlp", 4, "normal", 0, List.of(), "image",
                List.of(1, 2, 2), "mnist", "abc", "run-1", 5, "2026-11-23T00:00:00Z", "0.1.0", Map.of());
        ModelProto.Builder builder = ModelProto.newBuilder().setIrVersion(8).setProducerName("test");
        builder.getGraphBuilder().setName("g");
        metadata.toOnnxProperties().forEach((k, v) ->
                builder.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return builder.build().toByteArray();
    }

    @Test
    void variantsDifferInBytesButNotInWhatConsumersRead() {
        byte[] original = model();
        byte[] first = ModelVariants.tagged(original, "a-1");
        byte[] second = ModelVariants.tagged(original, "a-2");
        assertFalse(Arrays.equals(original, first));
        assertFalse(Arrays.equals(first, second));
        OnnxModelInfo info = OnnxModelReader.read(first);
        assertEquals(OnnxModelReader.read(original).ganforgeMetadata(), info.ganforgeMetadata());
        assertEquals("a-1", info.metadataProps().get(ModelVariants.VARIANT_PROPERTY));
    }

    @Test
    void taggingAVariantAgainReplacesItsTag() {
        byte[] twice = ModelVariants.tagged(ModelVariants.tagged(model(), "x"), "y");
        assertEquals("y", OnnxModelReader.read(twice).metadataProps().get(ModelVariants.VARIANT_PROPERTY));
        assertEquals(Arrays.toString(ModelVariants.tagged(model(), "y")), Arrays.toString(twice));
    }

    @Test
    void bytesThatAreNotAModelAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ModelVariants.tagged(new byte[] {1, 2, 3, 4, 5}, "x"));
    }
}
