package dev.ganforge.service.api;

import static dev.ganforge.service.testing.FloatLists.floats;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ganforge.service.testing.KafkaBrokerResource;
import dev.ganforge.service.testing.ModelPublisher;
import dev.ganforge.service.testing.TestModels;
import dev.ganforge.shared.model.LatentCodes;
import dev.ganforge.shared.model.LatentSampler;
import dev.ganforge.shared.model.ModelMetadata;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** InfoGAN's latent codes over HTTP: chosen per request on /api/v1 and /v2, swept, refused where they make no sense. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class LatentCodesResourceTest {

    private static final String INFO = "codes-info";
    private static final String PLAIN = "codes-plain";
    private static final LatentCodes CODES = new LatentCodes(3, 2);
    private static volatile boolean published;

    static ModelMetadata infoMetadata() {
        return TestModels.infoganMetadata(INFO, CODES);
    }

    @BeforeEach
    void publishOnce() {
        if (published) {
            return;
        }
        ModelMetadata plain = TestModels.imageMetadata(PLAIN, 0);
        try (ModelPublisher publisher = ModelPublisher.toTestBroker()) {
            publisher.publish(TestModels.signed(infoMetadata(), 1, TestModels.imageModel(infoMetadata(), 1)));
            publisher.publish(TestModels.signed(plain, 1, TestModels.imageModel(plain, 1)));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            given().get("/api/v1/models/" + INFO).then().statusCode(200).body("activeVersion", equalTo(1));
            given().get("/api/v1/models/" + PLAIN).then().statusCode(200).body("activeVersion", equalTo(1));
        });
        published = true;
    }

    @Test
    void chosenCodesAreTheSameSamplesAsTheirLatentsOnApiV1AndV2() {
        ModelMetadata md = infoMetadata();
        float[] z = LatentSampler.sample(5, 2, md);
        for (int i = 0; i < 2; i++) {
            CODES.set(z, md.latentSize(), i, 2, new Float[] {0.5f, -0.25f});
        }
        float[][] rows = {Arrays.copyOfRange(z, 0, 8), Arrays.copyOfRange(z, 8, 16)};
        float[] explicit = floats(given().contentType(ContentType.JSON).body(Map.of("latents", rows))
                .post("/api/v1/models/" + INFO + "/samples?format=json").then().statusCode(200).extract()
                .jsonPath().getList("data", Float.class));
        float[] chosen = floats(given().get("/api/v1/models/" + INFO + "/samples?count=2&seed=5&code=2&c=0.5,-0.25"
                + "&format=json").then().statusCode(200).extract().jsonPath().getList("data", Float.class));
        assertArrayEquals(explicit, chosen, 1e-6f);
        float[] oip = floats(given().contentType(ContentType.JSON)
                .body(Map.of("parameters", Map.of("count", 2, "seed", 5, "code", 2, "c", List.of(0.5, -0.25))))
                .post("/v2/models/" + INFO + "/infer").then().statusCode(200).extract().jsonPath()
                .getList("outputs[0].data", Float.class));
        assertArrayEquals(explicit, oip, 1e-6f);
        given().get("/api/v1/models/" + INFO).then().body("versions[0].metadata.latentCodes.categories", equalTo(3))
                .body("versions[0].metadata.latentCodes.continuous", equalTo(2));
    }

    @Test
    void sweepDrawsOneRowPerCategoryOrOneForAChosenCode() throws Exception {
        BufferedImage all = png(given().get("/api/v1/models/" + INFO + "/sweep?seed=3&vary=2&steps=5")
                .then().statusCode(200).header(ApiDefinition.MODEL_VERSION_HEADER, "1").extract().asByteArray());
        BufferedImage one = png(given().get("/api/v1/models/" + INFO + "/sweep?seed=3&code=1&steps=5")
                .then().statusCode(200).extract().asByteArray());
        assertEquals(all.getWidth(), one.getWidth(), "5 columns either way");
        assertEquals(3, Math.round((all.getHeight() - 2.0) / (one.getHeight() - 2.0)), "three category rows");
    }

    @Test
    void codesAreRefusedWhereTheyMakeNoSenseAndNothingBreaks() {
        given().get("/api/v1/models/" + PLAIN + "/samples?code=1&format=json").then().statusCode(400)
                .body("detail", containsString("no latent codes"));
        given().get("/api/v1/models/" + INFO + "/samples?code=3&format=json").then().statusCode(400)
                .body("detail", containsString("0..2"));
        given().get("/api/v1/models/" + INFO + "/samples?c=2&format=json").then().statusCode(400)
                .body("detail", containsString("[-1, 1]"));
        given().get("/api/v1/models/" + INFO + "/samples?c=a,b&format=json").then().statusCode(400);
        given().get("/api/v1/models/" + PLAIN + "/sweep").then().statusCode(400)
                .body("detail", containsString("no continuous latent codes"));
        given().get("/api/v1/models/" + INFO + "/sweep?vary=3").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("parameters", Map.of("code", "x")))
                .post("/v2/models/" + INFO + "/infer").then().statusCode(400).body("error", containsString("code"));
        given().get("/api/v1/models/" + INFO + "/samples?count=1&format=json").then().statusCode(200);
    }

    private static BufferedImage png(byte[] bytes) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }
}
