package dev.ganforge.service.model;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.ganforge.service.testing.KafkaBrokerResource;
import dev.ganforge.service.testing.ModelPublisher;
import dev.ganforge.service.testing.TestModels;
import dev.ganforge.shared.model.ModelMetadata;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Over a real broker and HTTP, with the default {@code ganforge.models.retained-versions=3}: versions beyond the
 * limit are listed as evicted, and pinning one answers a problem that names the setting.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class RetainedVersionsTest {

    private static final String MODEL = "retention";

    @Test
    void versionsBeyondTheLimitAreEvictedVisiblyAndCannotBePinned() {
        ModelMetadata metadata = TestModels.imageMetadata(MODEL, 0);
        try (ModelPublisher publisher = ModelPublisher.toTestBroker()) {
            for (int v = 1; v <= 5; v++) {
                publisher.publish(TestModels.signed(metadata, v, TestModels.imageModel(metadata, v)));
            }
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> given()
                .get("/api/v1/models/" + MODEL).then().statusCode(200)
                .body("versions.size()", equalTo(5)));
        given().get("/api/v1/models/" + MODEL).then()
                .body("activeVersion", equalTo(5))
                .body("versions.state", equalTo(List.of("active", "standby", "standby", "evicted", "evicted")))
                .body("versions.find { it.version == 1 }.reason",
                        containsString("ganforge.models.retained-versions=3"))
                .body("versions.find { it.version == 1 }.metadata.latentSize", equalTo(TestModels.LATENT));
        given().queryParam("format", "json").get("/api/v1/models/" + MODEL + "/samples")
                .then().statusCode(200).header("X-Model-Version", "5");

        given().auth().oauth2(KafkaBrokerResource.OPERATOR_TOKEN).contentType("application/json")
                .body("{\"version\": 1}").put("/api/v1/models/" + MODEL + "/pin")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", containsString("version-not-servable"))
                .body("detail", containsString("ganforge.models.retained-versions=3"));

        given().auth().oauth2(KafkaBrokerResource.OPERATOR_TOKEN).contentType("application/json")
                .body("{\"version\": 3}").put("/api/v1/models/" + MODEL + "/pin")
                .then().statusCode(200).body("activeVersion", equalTo(3));
        given().queryParam("format", "json").get("/api/v1/models/" + MODEL + "/samples")
                .then().statusCode(200).header("X-Model-Version", "3");
        given().auth().oauth2(KafkaBrokerResource.OPERATOR_TOKEN).delete("/api/v1/models/" + MODEL + "/pin")
                .then().statusCode(200).body("activeVersion", equalTo(5));

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("ganforge_model_evictions_total{model=\"" + MODEL + "\"} 2.0"));
    }
}
