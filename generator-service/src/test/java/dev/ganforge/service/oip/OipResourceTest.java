package dev.ganforge.service.oip;

import static dev.ganforge.service.testing.FloatLists.floats;
import static dev.ganforge.service.testing.FloatLists.toList;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ganforge.service.testing.KafkaBrokerResource;
import dev.ganforge.service.testing.ModelPublisher;
import dev.ganforge.service.testing.TestModels;
import dev.ganforge.shared.model.LatentSampler;
import dev.ganforge.shared.model.ModelMetadata;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Open Inference Protocol over HTTP, against real ONNX Runtime sessions loaded from the test broker. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class OipResourceTest {

    private static final String DIGITS = "oip-digits";
    private static final String CLASSES = "oip-classes";
    private static volatile boolean published;

    @BeforeEach
    void publishModelsOnce() {
        if (published) {
            return;
        }
        ModelMetadata digits = TestModels.imageMetadata(DIGITS, 0);
        ModelMetadata classes = TestModels.imageMetadata(CLASSES, 10);
        try (ModelPublisher publisher = ModelPublisher.toTestBroker()) {
            publisher.publish(TestModels.signed(digits, 1, TestModels.imageModel(digits, 1)));
            publisher.publish(TestModels.signed(digits, 2, TestModels.imageModel(digits, 2)));
            publisher.publish(TestModels.signed(classes, 1, TestModels.imageModel(classes, 1)));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            given().get("/v2/models/" + DIGITS + "/ready").then().statusCode(200).body("ready", equalTo(true));
            given().get("/v2/models/" + DIGITS).then().statusCode(200).body("versions", hasItems("1", "2"));
            given().get("/v2/models/" + CLASSES + "/ready").then().statusCode(200);
        });
        published = true;
    }

    @Test
    void serverAndHealth() {
        given().get("/v2").then().statusCode(200).body("name", equalTo("ganforge")).body("version", notNullValue())
                .body("extensions", equalTo(List.of("binary_tensor_data")));
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/v2/models/{name}/infer'.post.requestBody.content.'application/json'.schema.'$ref'",
                        containsString("InferRequest"))
                .body("paths.'/v2/models/{name}/infer'.post.responses.'200'.content", hasKey("application/octet-stream"))
                .body("components.schemas.SampleSpec.properties", not(hasKey("perSample")));
        given().get("/v2/health/live").then().statusCode(200);
        given().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
    }

    @Test
    void metadataDescribesTheTensors() {
        given().get("/v2/models/" + CLASSES).then().statusCode(200)
                .body("platform", equalTo("onnxruntime_onnx"))
                .body("inputs[0].name", equalTo("z")).body("inputs[0].datatype", equalTo("FP32"))
                .body("inputs[0].shape", equalTo(List.of(-1, 8)))
                .body("inputs[1].name", equalTo("label")).body("inputs[1].datatype", equalTo("INT64"))
                .body("outputs[0].name", equalTo("samples"))
                .body("outputs[0].shape", equalTo(List.of(-1, 1, 28, 28)));
        given().get("/v2/models/" + DIGITS + "/versions/1").then().statusCode(200)
                .body("inputs.size()", equalTo(1));
    }

    @Test
    void explicitLatentsGiveTheModelsSamplesAndTheIdIsEchoed() {
        ModelMetadata md = TestModels.imageMetadata(DIGITS, 0);
        float[] z = LatentSampler.sample(5, 2, md);
        Response answer = given().contentType(ContentType.JSON)
                .body(Map.of("id", "req-7", "inputs", List.of(Map.of("name", "z", "datatype", "FP32",
                        "shape", List.of(2, md.latentSize()), "data", toList(z)))))
                .post("/v2/models/" + DIGITS + "/infer");
        answer.then().statusCode(200).body("id", equalTo("req-7")).body("model_name", equalTo(DIGITS))
                .body("model_version", equalTo("2"))
                .body("outputs[0].name", equalTo("samples")).body("outputs[0].datatype", equalTo("FP32"))
                .body("outputs[0].shape", equalTo(List.of(2, 1, 28, 28)));
        float[] fromOip = floats(answer.jsonPath().getList("outputs[0].data", Float.class));
        // The same latents through /api/v1 (explicit latents there too): the same numbers.
        float[][] rows = {java.util.Arrays.copyOfRange(z, 0, md.latentSize()),
            java.util.Arrays.copyOfRange(z, md.latentSize(), 2 * md.latentSize())};
        float[] fromV1 = floats(given().contentType(ContentType.JSON).body(Map.of("latents", rows))
                .post("/api/v1/models/" + DIGITS + "/samples?format=json").then().statusCode(200).extract()
                .jsonPath().getList("data", Float.class));
        assertArrayEquals(fromV1, fromOip, 1e-6f);
    }

    @Test
    void parametersDrawLatentsAsApiV1DoesAndAVersionCanBeChosen() {
        Response oip = given().contentType(ContentType.JSON)
                .body(Map.of("parameters", Map.of("count", 3, "seed", 11, "label", 4)))
                .post("/v2/models/" + CLASSES + "/infer");
        oip.then().statusCode(200).body("parameters.seed", equalTo(11));
        float[] v1 = floats(given().get("/api/v1/models/" + CLASSES + "/samples?count=3&seed=11&label=4&format=json")
                .then().statusCode(200).extract().jsonPath().getList("data", Float.class));
        assertArrayEquals(v1, floats(oip.jsonPath().getList("outputs[0].data", Float.class)), 1e-6f);

        Map<String, Object> request = Map.of("parameters", Map.of("count", 1, "seed", 3));
        float[] newest = floats(given().contentType(ContentType.JSON).body(request)
                .post("/v2/models/" + DIGITS + "/infer").then().statusCode(200).body("model_version", equalTo("2"))
                .extract().jsonPath().getList("outputs[0].data", Float.class));
        // Both versions are within the default ganforge.models.retained-versions=3, so version 1 stays loaded.
        float[] older = floats(given().contentType(ContentType.JSON).body(request)
                .post("/v2/models/" + DIGITS + "/versions/1/infer").then().statusCode(200)
                .body("model_version", equalTo("1")).extract().jsonPath().getList("outputs[0].data", Float.class));
        assertFalse(java.util.Arrays.equals(newest, older), "version 1 has other weights");
    }

    @Test
    void errorsAreTheProtocolsWithTheRightStatus() {
        given().get("/v2/models/nope").then().statusCode(404).contentType(ContentType.JSON)
                .body("error", containsString("nope"));
        given().get("/v2/models/" + DIGITS + "/versions/99").then().statusCode(404).body("error", notNullValue());
        given().get("/v2/models/" + DIGITS + "/versions/x/ready").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("inputs", List.of(Map.of("name", "z", "datatype", "FP32",
                "shape", List.of(1, 3), "data", List.of(1, 2, 3))))).post("/v2/models/" + DIGITS + "/infer")
                .then().statusCode(400).body("error", containsString("needs 8"));
        given().contentType(ContentType.JSON).body(Map.of("inputs", List.of(Map.of("name", "z", "datatype", "INT8",
                "shape", List.of(1, 8), "data", List.of(1, 2, 3, 4, 5, 6, 7, 8))))).post("/v2/models/" + DIGITS
                + "/infer").then().statusCode(400).body("error", containsString("FP32"));
        given().contentType(ContentType.JSON).body(Map.of("inputs", List.of(Map.of("name", "x", "datatype", "FP32",
                "shape", List.of(1), "data", List.of(1))))).post("/v2/models/" + DIGITS + "/infer")
                .then().statusCode(400).body("error", containsString("unknown input 'x'"));
        given().contentType(ContentType.JSON).body(Map.of("parameters", Map.of("label", 3)))
                .post("/v2/models/" + DIGITS + "/infer").then().statusCode(400).body("error", containsString("unconditional"));
        given().contentType(ContentType.JSON).body(Map.of("outputs", List.of(Map.of("name", "logits"))))
                .post("/v2/models/" + DIGITS + "/infer").then().statusCode(400).body("error", containsString("logits"));
        given().contentType(ContentType.JSON).body("{not json").post("/v2/models/" + DIGITS + "/infer")
                .then().statusCode(400).body("error", notNullValue());
        given().contentType(ContentType.JSON).body(Map.of("parameters", Map.of("count", 0)))
                .post("/v2/models/" + DIGITS + "/infer").then().statusCode(400).body("error", containsString("count"));
        // Nothing failed on the way: the model still serves.
        given().contentType(ContentType.JSON).body(Map.of("parameters", Map.of("count", 1)))
                .post("/v2/models/" + DIGITS + "/infer").then().statusCode(200);
    }

    @Test
    void nestedDataAndLabelTensorsAreRead() {
        ModelMetadata md = TestModels.imageMetadata(CLASSES, 10);
        float[] z = LatentSampler.sample(9, 2, md);
        List<List<Float>> nested = List.of(toList(java.util.Arrays.copyOfRange(z, 0, 8)),
                toList(java.util.Arrays.copyOfRange(z, 8, 16)));
        float[] oip = floats(given().contentType(ContentType.JSON)
                .body(Map.of("inputs", List.of(Map.of("name", "z", "datatype", "FP32", "shape", List.of(2, 8),
                        "data", nested), Map.of("name", "label", "datatype", "INT64", "shape", List.of(2),
                        "data", List.of(3, 7)))))
                .post("/v2/models/" + CLASSES + "/infer").then().statusCode(200).extract().jsonPath()
                .getList("outputs[0].data", Float.class));
        float[][] rows = {java.util.Arrays.copyOfRange(z, 0, 8), java.util.Arrays.copyOfRange(z, 8, 16)};
        float[] v1 = floats(given().contentType(ContentType.JSON).body(Map.of("latents", rows, "labels", List.of(3, 7)))
                .post("/api/v1/models/" + CLASSES + "/samples?format=json").then().statusCode(200).extract()
                .jsonPath().getList("data", Float.class));
        assertEquals(2 * 784, oip.length);
        assertArrayEquals(v1, oip, 1e-6f);
    }
}
