package dev.ganforge.service.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.ganforge.service.inference.SampleSpec;
import dev.ganforge.service.inference.Sampler;
import dev.ganforge.service.testing.KafkaBrokerResource;
import dev.ganforge.service.testing.ModelPublisher;
import dev.ganforge.service.testing.TestModels;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.model.NpyFormat;
import dev.ganforge.shared.model.SampleBatch;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sample endpoints over HTTP, against real ONNX Runtime sessions loaded from the test broker. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class SamplesResourceTest {

    private static final String DIGITS = "api-digits";
    private static final String FASHION = "api-fashion";
    private static final String CURVES = "api-curves";
    private static volatile boolean published;

    @Inject
    Sampler sampler;

    @BeforeEach
    void publishModelsOnce() {
        if (published) {
            return;
        }
        ModelMetadata digits = TestModels.imageMetadata(DIGITS, 0);
        ModelMetadata fashion = TestModels.imageMetadata(FASHION, 10);
        try (ModelPublisher publisher = ModelPublisher.toTestBroker()) {
            publisher.publish(TestModels.signed(digits, 1, TestModels.imageModel(digits, 1)));
            publisher.publish(TestModels.signed(fashion, 1, TestModels.imageModel(fashion, 1)));
            ModelMetadata curves = TestModels.curveMetadata(CURVES);
            publisher.publish(TestModels.signed(curves, 1,
                    TestModels.imageModel(curves, 1, curves.outputShape(), false)));
            publisher.publish(TestModels.unsigned(TestModels.signed(TestModels.imageMetadata("api-broken", 0), 1,
                    TestModels.imageModel(TestModels.imageMetadata("api-broken", 0), 1))));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            given().get("/api/v1/models/" + DIGITS).then().statusCode(200).body("activeVersion", equalTo(1));
            given().get("/api/v1/models/" + FASHION).then().statusCode(200).body("activeVersion", equalTo(1));
            given().get("/api/v1/models/api-broken").then().statusCode(200);
            given().get("/api/v1/models/" + CURVES).then().statusCode(200).body("activeVersion", equalTo(1));
        });
        published = true;
    }

    @Test
    void pngIsOneGridImage() throws Exception {
        byte[] png = given().queryParam("count", 9).queryParam("seed", 1)
                .get("/api/v1/models/" + DIGITS + "/samples")
                .then().statusCode(200).contentType("image/png")
                .header("X-Model-Version", "1").header("X-Seed", "1")
                .extract().asByteArray();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(3 * 56 + 4 * 2, image.getWidth(), "3 columns of 2x-upscaled 28 px tiles");
        assertEquals(image.getWidth(), image.getHeight());
    }

    @Test
    void jsonHasShapeAndValuesInTheUnitInterval() {
        given().queryParam("count", 3).queryParam("seed", 5).queryParam("format", "json")
                .get("/api/v1/models/" + DIGITS + "/samples")
                .then().statusCode(200).contentType("application/json")
                .header("X-Model-Version", "1")
                .body("shape", equalTo(List.of(3, 1, 28, 28)))
                .body("data", hasSize(3 * 28 * 28))
                .body("data", everyItem(greaterThanOrEqualTo(0f)))
                .body("data", everyItem(lessThanOrEqualTo(1f)));
    }

    @Test
    void sameSeedAndVersionGiveTheSameSamplesAndAnotherSeedDoesNot() {
        float[] first = jsonSamples(DIGITS, 11);
        assertArrayEquals(first, jsonSamples(DIGITS, 11));
        assertFalse(Arrays.equals(first, jsonSamples(DIGITS, 12)));
    }

    @Test
    void jsonFloatsReadBackToExactlyTheGeneratedValues() {
        // The fast float writer must not round: every value equals, bit for bit, what the sampler produced.
        float[] generated = sampler.sample(DIGITS, SampleSpec.of(2, 21L, null)).batch().data();
        float[] served = jsonSamples(DIGITS, 21);
        assertEquals(generated.length, served.length);
        for (int i = 0; i < generated.length; i++) {
            assertEquals(Float.floatToIntBits(generated[i]), Float.floatToIntBits(served[i]), "value " + i);
        }
    }

    @Test
    void npyIsTheSameSamplesAsJsonAsAFloat32Array() {
        byte[] npy = given().queryParam("count", 2).queryParam("seed", 21).queryParam("format", "npy")
                .get("/api/v1/models/" + DIGITS + "/samples")
                .then().statusCode(200).contentType("application/x-npy")
                .header("X-Model-Version", "1").header("X-Seed", "21")
                .extract().asByteArray();
        SampleBatch batch = NpyFormat.read(npy);
        assertEquals(List.of(2, 1, 28, 28), batch.shape());
        assertArrayEquals(jsonSamples(DIGITS, 21), batch.data());
    }

    @Test
    void postAcceptsExplicitLatentsAndLabels() {
        float[] zeros = new float[TestModels.LATENT];
        given().contentType("application/json")
                .body(Map.of("latents", List.of(zeros, zeros), "labels", List.of(3, 4)))
                .queryParam("format", "json")
                .post("/api/v1/models/" + FASHION + "/samples")
                .then().statusCode(200)
                .header("X-Model-Version", "1")
                .body("shape", equalTo(List.of(2, 1, 28, 28)));
        given().contentType("application/json").body("{\"count\": 2, \"seed\": 3}")
                .post("/api/v1/models/" + FASHION + "/samples")
                .then().statusCode(200).contentType("image/png");
    }

    @Test
    void conditionalModelsTakeALabel() {
        float[] three = given().queryParam("count", 1).queryParam("seed", 1).queryParam("label", 3)
                .queryParam("format", "json").get("/api/v1/models/" + FASHION + "/samples")
                .then().statusCode(200).extract().as(Batch.class).data();
        float[] seven = given().queryParam("count", 1).queryParam("seed", 1).queryParam("label", 7)
                .queryParam("format", "json").get("/api/v1/models/" + FASHION + "/samples")
                .then().statusCode(200).extract().as(Batch.class).data();
        assertFalse(Arrays.equals(three, seven), "the label changes the sample");
    }

    @Test
    void interpolationIsAPngStrip() throws Exception {
        byte[] png = given().queryParam("from", 1).queryParam("to", 2).queryParam("steps", 5)
                .get("/api/v1/models/" + DIGITS + "/interpolate")
                .then().statusCode(200).contentType("image/png").header("X-Model-Version", "1")
                .extract().asByteArray();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(5 * 56 + 6 * 2, image.getWidth());
        assertEquals(56 + 2 * 2, image.getHeight());
    }

    @Test
    void curvesComeAsAPlotOrAsPoints() throws Exception {
        byte[] png = given().queryParam("count", 5).queryParam("seed", 1)
                .get("/api/v1/models/" + CURVES + "/samples")
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        assertNotNull(ImageIO.read(new ByteArrayInputStream(png)));
        given().queryParam("count", 5).queryParam("format", "json").get("/api/v1/models/" + CURVES + "/samples")
                .then().statusCode(200).body("shape", equalTo(List.of(5, 15)));
        given().queryParam("from", 1).queryParam("to", 2).get("/api/v1/models/" + CURVES + "/interpolate")
                .then().statusCode(200).contentType("image/png");
    }

    @Test
    void countOutsideItsRangeIs400() {
        problem(given().queryParam("count", 0).get("/api/v1/models/" + DIGITS + "/samples"), 400, "count");
        problem(given().queryParam("count", 65).get("/api/v1/models/" + DIGITS + "/samples"), 400, "1..64");
        problem(given().queryParam("count", "many").get("/api/v1/models/" + DIGITS + "/samples"), 400, "integer");
    }

    @Test
    void unknownModelIs404() {
        problem(given().get("/api/v1/models/no-such-model/samples"), 404, "no-such-model");
        problem(given().get("/api/v1/models/no-such-model"), 404, "no-such-model");
    }

    @Test
    void modelWithNothingServableIs503WithRetryAfter() {
        problem(given().get("/api/v1/models/api-broken/samples"), 503, "no servable version")
                .header("Retry-After", notNullValue());
    }

    @Test
    void labelOutOfRangeOrOnAnUnconditionalModelIs400() {
        problem(given().queryParam("label", 10).get("/api/v1/models/" + FASHION + "/samples"), 400, "out of range");
        problem(given().queryParam("label", -1).get("/api/v1/models/" + FASHION + "/samples"), 400, "out of range");
        problem(given().queryParam("label", 1).get("/api/v1/models/" + DIGITS + "/samples"), 400, "unconditional");
    }

    @Test
    void malformedOrMistypedJsonIs400() {
        problem(given().contentType("application/json").body("{\"count\": ")
                .post("/api/v1/models/" + DIGITS + "/samples"), 400, null);
        problem(given().contentType("application/json").body("{\"count\": \"lots\"}")
                .post("/api/v1/models/" + DIGITS + "/samples"), 400, null);
    }

    @Test
    void wrongLatentSizeIs400() {
        problem(given().contentType("application/json").body("{\"latents\": [[0.1, 0.2]]}")
                .post("/api/v1/models/" + DIGITS + "/samples"), 400, "needs " + TestModels.LATENT);
    }

    @Test
    void otherBadParametersAre400() {
        problem(given().queryParam("format", "gif").get("/api/v1/models/" + DIGITS + "/samples"), 400, "format");
        problem(given().queryParam("to", 2).get("/api/v1/models/" + DIGITS + "/interpolate"), 400, "from");
        problem(given().queryParam("from", 1).queryParam("to", 2).queryParam("steps", 1000)
                .get("/api/v1/models/" + DIGITS + "/interpolate"), 400, "steps");
    }

    @Test
    void wrongMethodOrMediaTypeIs4xxProblem() {
        problem(given().get("/api/v1/retrain"), 405, null);
        problem(given().contentType("text/plain").body("count=3")
                .post("/api/v1/models/" + DIGITS + "/samples"), 415, null);
    }

    @Test
    void wrongMethodOnAnExistingPathIs405ListingTheAllowedOnes() {
        String samples = "/api/v1/models/" + DIGITS + "/samples";
        // /samples shares its prefix with ModelsResource's paths: the router alone would answer these with a 404.
        allows(problem(given().delete(samples), 405, "DELETE"), "GET", "HEAD", "OPTIONS", "POST");
        allows(problem(given().put(samples), 405, "PUT"), "GET", "HEAD", "OPTIONS", "POST");
        allows(problem(given().delete("/api/v1/models/" + DIGITS + "/interpolate"), 405, "DELETE"),
                "GET", "HEAD", "OPTIONS");
        allows(problem(given().get("/api/v1/models/" + DIGITS + "/pin"), 405, "GET"), "DELETE", "OPTIONS", "PUT");
        allows(problem(given().delete("/api/v1/models/" + DIGITS), 405, "DELETE"), "GET", "HEAD", "OPTIONS");
        allows(problem(given().get("/api/v1/retrain"), 405, "GET"), "OPTIONS", "POST");
    }

    @Test
    void pathThatNoMethodTakesStays404() {
        problem(given().delete("/api/v1/models/" + DIGITS + "/nothing-here"), 404, null);
        problem(given().get("/api/v1/nothing-here"), 404, null);
    }

    private static ValidatableResponse problem(io.restassured.response.Response response, int status, String detail) {
        ValidatableResponse validatable = response.then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("type", notNullValue())
                .body("title", notNullValue())
                .body("instance", notNullValue());
        if (detail != null) {
            validatable.body("detail", containsString(detail));
        }
        return validatable;
    }

    private static void allows(ValidatableResponse response, String... methods) {
        // One header or several, "A, B" or "A,B": all are the same list (RFC 9110, section 5.3).
        Set<String> allowed = response.extract().headers().getValues("Allow").stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .collect(Collectors.toSet());
        assertEquals(Set.of(methods), allowed);
    }

    private static float[] jsonSamples(String model, long seed) {
        return given().queryParam("count", 2).queryParam("seed", seed).queryParam("format", "json")
                .get("/api/v1/models/" + model + "/samples")
                .then().statusCode(200).extract().as(Batch.class).data();
    }

    record Batch(List<Integer> shape, float[] data) {
    }
}
