package dev.ganforge.service.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ganforge.service.testing.KafkaBrokerResource;
import dev.ganforge.service.testing.ModelPublisher;
import dev.ganforge.service.testing.TestModels;
import dev.ganforge.shared.contract.ServiceMetric;
import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.event.CloudEvent;
import dev.ganforge.shared.event.EventTypes;
import dev.ganforge.shared.event.RetrainRequest;
import dev.ganforge.shared.model.ModelMetadata;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** Retraining requests, authentication, and the service's operational endpoints. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class OperatorEndpointsTest {

    private static final String REQUEST = """
            {"model": "digits", "architecture": "mlp", "dataset": "mnist", "epochs": 2, "seed": 7}""";

    @Test
    void retrainPublishesACloudEventAndAnswers202() {
        String id = given().auth().oauth2(KafkaBrokerResource.OPERATOR_TOKEN)
                .contentType("application/json").body(REQUEST)
                .post("/api/v1/retrain")
                .then().statusCode(202)
                .body("type", equalTo(EventTypes.RETRAIN_REQUESTED))
                .body("topic", equalTo(Topics.RETRAIN_REQUESTS))
                .extract().path("id");

        CloudEvent event = consumeEvent(id);
        assertEquals(EventTypes.RETRAIN_REQUESTED, event.type());
        RetrainRequest request = event.dataAs(RetrainRequest.class);
        assertEquals("digits", request.model());
        assertEquals(2, request.epochs());
        assertEquals(7L, request.seed());
    }

    @Test
    void retrainNeedsAnOperatorToken() {
        given().contentType("application/json").body(REQUEST).post("/api/v1/retrain")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("status", equalTo(401));
    }

    @Test
    void invalidRetrainRequestIs400NamingEveryProblem() {
        given().auth().oauth2(KafkaBrokerResource.OPERATOR_TOKEN).contentType("application/json")
                .body("{\"model\": \"Bad Name\", \"architecture\": \"transformer\"}")
                .post("/api/v1/retrain")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("model must match"))
                .body("detail", containsString("architecture must be one of"))
                .body("detail", containsString("seed is required"));
        given().auth().oauth2(KafkaBrokerResource.OPERATOR_TOKEN).contentType("application/json")
                .body("[1, 2")
                .post("/api/v1/retrain")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void pinWithoutAVersionIs400() {
        given().auth().oauth2(KafkaBrokerResource.OPERATOR_TOKEN).contentType("application/json").body("{}")
                .put("/api/v1/models/anything/pin")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void livenessIsUpAndOpenApiDocumentsEveryEndpoint() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v1/models'.get.summary", notNullValue())
                .body("paths.'/api/v1/models/{name}'.get.summary", notNullValue())
                .body("paths.'/api/v1/models/{name}/samples'.get.summary", notNullValue())
                .body("paths.'/api/v1/models/{name}/samples'.post.summary", notNullValue())
                .body("paths.'/api/v1/models/{name}/interpolate'.get.summary", notNullValue())
                .body("paths.'/api/v1/models/{name}/pin'.put.summary", notNullValue())
                .body("paths.'/api/v1/models/{name}/pin'.delete.summary", notNullValue())
                .body("paths.'/api/v1/models/{name}/canary'.put.summary", notNullValue())
                .body("paths.'/api/v1/models/{name}/canary'.delete.summary", notNullValue())
                .body("paths.'/api/v1/models/{name}/canary/promote'.post.summary", notNullValue())
                .body("paths.'/api/v1/retrain'.post.summary", notNullValue());
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void metricsExposeBatchesLatencyAndModelState() {
        ModelMetadata metadata = TestModels.imageMetadata("ops-digits", 0);
        try (ModelPublisher publisher = ModelPublisher.toTestBroker()) {
            publisher.publish(TestModels.signed(metadata, 1, TestModels.imageModel(metadata, 1)));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                        // The real consumer's partition assignment set the horizon the replay caught up with.
                        .body("checks.find { it.name == 'models-loaded' }.data.replay", startsWith("caught up (")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().queryParam("count", 2).get("/api/v1/models/ops-digits/samples").then().statusCode(200));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String name : List.of("ganforge_model_active_version{", "ganforge_model_swaps_total{",
                "ganforge_batch_samples_bucket", "ganforge_batch_requests_count", "ganforge_samples_duration_seconds_bucket",
                "ganforge_samples_in_flight ", "ganforge_batch_run_seconds_count")) {
            org.junit.jupiter.api.Assertions.assertTrue(metrics.contains(name), name + " missing from /q/metrics");
        }
        // Every name the benchmarks scrape, exactly as shared/contract/ServiceMetric spells it.
        for (ServiceMetric metric : ServiceMetric.values()) {
            org.junit.jupiter.api.Assertions.assertTrue(java.util.regex.Pattern.compile(
                    "(?m)^" + metric.prometheusName() + "(_count|_sum|_bucket|_max)?[ {]").matcher(metrics).find(),
                    metric.prometheusName() + " missing from /q/metrics");
        }
        // The default: one slice per core, at most 4 (what ganforge bench service reads to drive its raw session).
        int slices = Math.min(Runtime.getRuntime().availableProcessors(), 4);
        org.junit.jupiter.api.Assertions.assertTrue(metrics.contains("\nganforge_onnx_slices " + slices + ".0"), metrics);
        org.junit.jupiter.api.Assertions.assertTrue(metrics.contains("\nganforge_onnx_min_sliced_batch 8.0"), metrics);
    }

    private static CloudEvent consumeEvent(String id) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        AtomicReference<CloudEvent> found = new AtomicReference<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.RETRAIN_REQUESTS));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    CloudEvent event = CloudEvent.parse(record.value());
                    if (id.equals(event.id())) {
                        assertEquals("digits", record.key());
                        found.set(event);
                    }
                }
                return found.get() != null;
            });
        }
        return found.get();
    }
}
