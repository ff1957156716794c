package dev.ganforge.service.oip;

import static dev.ganforge.service.testing.FloatLists.floats;
import static dev.ganforge.service.testing.FloatLists.toList;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ganforge.service.testing.KafkaBrokerResource;
import dev.ganforge.service.testing.ModelPublisher;
import dev.ganforge.service.testing.TestModels;
import dev.ganforge.shared.model.LatentCodes;
import dev.ganforge.shared.model.LatentSampler;
import dev.ganforge.shared.model.ModelMetadata;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The binary tensor data extension (byte for byte) and InfoGAN's {@code code} and {@code c} input tensors, over HTTP
 * against real ONNX Runtime sessions loaded from the test broker.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class OipBinaryAndCodesTest {

    private static final String CLASSES = "oipbin-classes";
    private static final String INFO = "oipbin-info";
    private static final LatentCodes CODES = new LatentCodes(3, 2);
    private static final String HEADER = "Inference-Header-Content-Length";
    private static final int SAMPLE = 28 * 28;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile boolean published;

    @BeforeEach
    void publishModelsOnce() {
        if (published) {
            return;
        }
        ModelMetadata classes = TestModels.imageMetadata(CLASSES, 10);
        ModelMetadata info = TestModels.infoganMetadata(INFO, CODES);
        try (ModelPublisher publisher = ModelPublisher.toTestBroker()) {
            publisher.publish(TestModels.signed(classes, 1, TestModels.imageModel(classes, 1)));
            publisher.publish(TestModels.signed(info, 1, TestModels.imageModel(info, 1)));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            given().get("/v2/models/" + CLASSES + "/ready").then().statusCode(200);
            given().get("/v2/models/" + INFO + "/ready").then().statusCode(200);
        });
        published = true;
    }

    @Test
    void binaryInputsAndOutputsAreTheJsonTensorsAsLittleEndianBytes() throws Exception {
        ModelMetadata md = TestModels.imageMetadata(CLASSES, 10);
        float[] z = LatentSampler.sample(17, 2, md);
        float[] viaJson = floats(given().contentType(ContentType.JSON)
                .body(Map.of("inputs", List.of(tensor("z", "FP32", List.of(2, 8), toList(z)),
                        tensor("label", "INT64", List.of(2), List.of(3, 7)))))
                .post("/v2/models/" + CLASSES + "/infer").then().statusCode(200).extract().jsonPath()
                .getList("outputs[0].data", Float.class));

        // z as binary data after the JSON header, label as JSON data; every output binary.
        byte[] header = JSON.writeValueAsBytes(Map.of("id", "bin-1", "parameters", Map.of("binary_data_output", true),
                "inputs", List.of(
                        Map.of("name", "z", "datatype", "FP32", "shape", List.of(2, 8),
                                "parameters", Map.of("binary_data_size", 2 * 8 * 4)),
                        tensor("label", "INT64", List.of(2), List.of(3, 7)))));
        Response answer = given().contentType("application/octet-stream").header(HEADER, header.length)
                .body(concat(header, littleEndian(z))).post("/v2/models/" + CLASSES + "/infer");
        answer.then().statusCode(200).contentType("application/octet-stream");
        byte[] body = answer.asByteArray();
        int headerLength = Integer.parseInt(answer.header(HEADER));
        JsonNode responseHeader = JSON.readTree(new String(body, 0, headerLength, StandardCharsets.UTF_8));
        assertEquals("bin-1", responseHeader.get("id").asText());
        JsonNode output = responseHeader.get("outputs").get(0);
        assertEquals("samples", output.get("name").asText());
        assertEquals("FP32", output.get("datatype").asText());
        assertEquals("[2,1,28,28]", output.get("shape").toString());
        assertNull(output.get("data"), "binary outputs carry no JSON data");
        assertEquals(2 * SAMPLE * 4, output.get("parameters").get("binary_data_size").asInt());
        assertEquals(headerLength + 2 * SAMPLE * 4, body.length, "the header, then exactly the tensor's bytes");
        float[] viaBinary = fromLittleEndian(Arrays.copyOfRange(body, headerLength, body.length));
        assertArrayEquals(viaJson, viaBinary, 1e-6f);

        // binary_data on the output wins over binary_data_output; a JSON-only request has no header length.
        given().contentType(ContentType.JSON).body(Map.of("parameters", Map.of("count", 1, "seed", 2,
                        "binary_data_output", true), "outputs", List.of(Map.of("name", "samples",
                        "parameters", Map.of("binary_data", false)))))
                .post("/v2/models/" + CLASSES + "/infer").then().statusCode(200).contentType(ContentType.JSON)
                .header(HEADER, (String) null).body("outputs[0].data.size()", equalTo(SAMPLE));
        Response asked = given().contentType(ContentType.JSON).body(Map.of("parameters", Map.of("count", 1, "seed", 2),
                        "outputs", List.of(Map.of("name", "samples", "parameters", Map.of("binary_data", true)))))
                .post("/v2/models/" + CLASSES + "/infer");
        asked.then().statusCode(200).contentType("application/octet-stream");
        assertEquals(SAMPLE * 4, asked.asByteArray().length - Integer.parseInt(asked.header(HEADER)));
    }

    @Test
    void badBinaryLengthsAreTheProtocols400() throws Exception {
        byte[] data = littleEndian(new float[8]);
        String url = "/v2/models/" + CLASSES + "/infer";
        byte[] wrongSize = JSON.writeValueAsBytes(Map.of("inputs", List.of(Map.of("name", "z", "datatype", "FP32",
                "shape", List.of(1, 8), "parameters", Map.of("binary_data_size", 28)))));
        given().contentType("application/octet-stream").header(HEADER, wrongSize.length).body(concat(wrongSize, data))
                .post(url).then().statusCode(400).contentType(ContentType.JSON)
                .body("error", containsString("binary_data_size is 28, but 8 FP32 values"));
        byte[] good = JSON.writeValueAsBytes(Map.of("inputs", List.of(Map.of("name", "z", "datatype", "FP32",
                "shape", List.of(1, 8), "parameters", Map.of("binary_data_size", 32)))));
        given().contentType("application/octet-stream").header(HEADER, good.length)
                .body(concat(good, Arrays.copyOf(data, 20))).post(url).then().statusCode(400)
                .body("error", containsString("needs 32 bytes of binary data, 20 are left"));
        given().contentType("application/octet-stream").header(HEADER, good.length)
                .body(concat(good, concat(data, new byte[4]))).post(url).then().statusCode(400)
                .body("error", containsString("4 bytes more"));
        given().contentType("application/octet-stream").header(HEADER, good.length + 100).body(concat(good, data))
                .post(url).then().statusCode(400).body("error", containsString(HEADER + " is " + (good.length + 100)));
        given().contentType("application/octet-stream").header(HEADER, "ten").body(concat(good, data))
                .post(url).then().statusCode(400).body("error", containsString("byte count"));
        // Binary data without the header that says where the JSON ends: the whole body is read as JSON.
        given().contentType("application/octet-stream").body(concat(good, data)).post(url).then().statusCode(400)
                .body("error", notNullValue());
        // The header alone, binary_data_size given but no bytes after it.
        given().contentType(ContentType.JSON).body(good).post(url).then().statusCode(400)
                .body("error", containsString("0 are left"));
        // Nothing failed on the way: the model still serves, binary in and out.
        given().contentType("application/octet-stream").header(HEADER, good.length).body(concat(good, data))
                .post(url).then().statusCode(200);
    }

    @Test
    void infoganMetadataListsTheCodesAsInputs() {
        given().get("/v2/models/" + INFO).then().statusCode(200)
                .body("inputs.name", equalTo(List.of("z", "code", "c")))
                .body("inputs[0].shape", equalTo(List.of(-1, 8)))
                .body("inputs[1].datatype", equalTo("INT64")).body("inputs[1].shape", equalTo(List.of(-1)))
                .body("inputs[2].datatype", equalTo("FP32")).body("inputs[2].shape", equalTo(List.of(-1, 2)));
    }

    @Test
    void codeAndCTensorsSetEachSamplesCodes() {
        ModelMetadata md = TestModels.infoganMetadata(INFO, CODES);
        float[] z = LatentSampler.sample(23, 2, md);
        CODES.set(z, md.latentSize(), 0, 0, new Float[] {0.5f, -0.5f});
        CODES.set(z, md.latentSize(), 1, 2, new Float[] {-1f, 1f});
        float[][] rows = {Arrays.copyOfRange(z, 0, 8), Arrays.copyOfRange(z, 8, 16)};
        float[] expected = floats(given().contentType(ContentType.JSON).body(Map.of("latents", rows))
                .post("/api/v1/models/" + INFO + "/samples?format=json").then().statusCode(200).extract()
                .jsonPath().getList("data", Float.class));

        Map<String, Object> code = tensor("code", "INT64", List.of(2), List.of(0, 2));
        Map<String, Object> c = tensor("c", "FP32", List.of(2, 2), List.of(List.of(0.5, -0.5), List.of(-1, 1)));
        // Noise drawn from the seed, one code per sample: count comes from the code tensors.
        float[] drawn = floats(given().contentType(ContentType.JSON)
                .body(Map.of("parameters", Map.of("seed", 23), "inputs", List.of(code, c)))
                .post("/v2/models/" + INFO + "/infer").then().statusCode(200).body("parameters.seed", equalTo(23))
                .extract().jsonPath().getList("outputs[0].data", Float.class));
        assertArrayEquals(expected, drawn, 1e-6f);
        // Or over the client's own z, whose code part they replace.
        float[] plain = LatentSampler.sample(23, 2, md);
        float[] overZ = floats(given().contentType(ContentType.JSON)
                .body(Map.of("inputs", List.of(tensor("z", "FP32", List.of(2, 8), toList(plain)), code, c)))
                .post("/v2/models/" + INFO + "/infer").then().statusCode(200).extract().jsonPath()
                .getList("outputs[0].data", Float.class));
        assertArrayEquals(expected, overZ, 1e-6f);

        String url = "/v2/models/" + INFO + "/infer";
        given().contentType(ContentType.JSON).body(Map.of("inputs", List.of(tensor("code", "INT64", List.of(1),
                List.of(3))))).post(url).then().statusCode(400).body("error", containsString("0..2"));
        given().contentType(ContentType.JSON).body(Map.of("inputs", List.of(tensor("c", "FP32", List.of(1, 3),
                List.of(0, 0, 0))))).post(url).then().statusCode(400).body("error", containsString("c needs 2"));
        given().contentType(ContentType.JSON).body(Map.of("parameters", Map.of("count", 3), "inputs",
                List.of(code))).post(url).then().statusCode(400).body("error", containsString("2 samples"));
        given().contentType(ContentType.JSON).body(Map.of("inputs", List.of(code)))
                .post("/v2/models/" + CLASSES + "/infer").then().statusCode(400)
                .body("error", containsString("no latent codes"));
    }

    private static Map<String, Object> tensor(String name, String datatype, List<Integer> shape, Object data) {
        return Map.of("name", name, "datatype", datatype, "shape", shape, "data", data);
    }

    private static byte[] littleEndian(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }

    private static float[] fromLittleEndian(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.length / 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.getFloat();
        }
        return values;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
