package dev.ganforge.service.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.service.testing.KafkaBrokerResource;
import dev.ganforge.service.testing.ModelPublisher;
import dev.ganforge.service.testing.TestKeys;
import dev.ganforge.service.testing.TestModels;
import dev.ganforge.shared.contract.ControlRecord;
import dev.ganforge.shared.contract.ModelRouting;
import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.model.ModelMetadata;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The canary endpoints through the real service: the signed control record they write, which version draws each
 * request ({@code X-Model-Version}, the metrics' {@code version} label), what promote and abort leave behind, and
 * their problems for bad input.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class CanaryEndpointsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int SEEDS = 100;

    @Test
    void aCanaryDrawsItsShareBySeedAndPromotingTheNewestFollowsTheNewestAgain() {
        String model = "canary-promote";
        publish(model, 1, 2);
        awaitServing(model, 2);
        operator().body("{\"version\": 1}").put(path(model, "pin")).then().statusCode(200);

        operator().body("{\"canary\": 2, \"weight\": 30}").put(path(model, "canary")).then().statusCode(200)
                .body("activeVersion", equalTo(1))
                .body("activeBecause", equalTo("canary-stable"))
                .body("routing.mode", equalTo("canary"))
                .body("routing.version", equalTo(1))
                .body("routing.canaryVersion", equalTo(2))
                .body("routing.canaryWeight", equalTo(30))
                .body("routing.previous.mode", equalTo("pinned"))
                .body("routing.previous.version", equalTo(1));

        ControlRecord written = lastControlRecord(model);
        assertEquals(ModelRouting.pinned(1).withCanary(1, 2, 30), written.body().routing());
        assertEquals(Optional.empty(), written.verify(TestKeys.verifier()), "signed with the replica's control key");

        long stableBefore = requestsCounted(model, "1");
        long canaryBefore = requestsCounted(model, "2");
        Map<Long, String> drawn = drawBySeed(model);
        long canaryDraws = drawn.values().stream().filter("2"::equals).count();
        assertTrue(canaryDraws > 0 && canaryDraws < SEEDS / 2, "about 30 of " + SEEDS + " seeds draw the canary, "
                + canaryDraws + " did: " + drawn);
        assertEquals(drawn, drawBySeed(model), "a seed draws the same version every time");
        assertEquals(2 * (SEEDS - canaryDraws), requestsCounted(model, "1") - stableBefore, "stable's requests");
        assertEquals(2 * canaryDraws, requestsCounted(model, "2") - canaryBefore, "canary's requests");

        operator().post(path(model, "canary/promote")).then().statusCode(200)
                .body("routing.mode", equalTo("newest"))
                .body("activeVersion", equalTo(2))
                .body("activeBecause", equalTo("newest"))
                .body("pinnedVersion", nullValue());
        assertTrue(drawBySeed(model).values().stream().allMatch("2"::equals));
        publish(model, 3);
        awaitServing(model, 3);
    }

    @Test
    void abortReturnsToTheRoutingBeforeTheCanaryUnlessThatWouldServeTheCanary() {
        String model = "canary-abort";
        publish(model, 1, 2, 3);
        awaitServing(model, 3);

        // Pinned to 1 before the canary: the abort pins 1 again, not the split's stable version.
        operator().body("{\"version\": 1}").put(path(model, "pin")).then().statusCode(200);
        operator().body("{\"stable\": 2, \"canary\": 3, \"weight\": 50}").put(path(model, "canary")).then()
                .statusCode(200).body("activeVersion", equalTo(2));
        operator().delete(path(model, "canary")).then().statusCode(200)
                .body("routing.mode", equalTo("pinned"))
                .body("pinnedVersion", equalTo(1))
                .body("activeVersion", equalTo(1));
        assertTrue(drawBySeed(model).values().stream().allMatch("1"::equals));
        assertEquals(ModelRouting.pinned(1), lastControlRecord(model).body().routing());

        // Following the newest before a canary of the newest: following it again would serve the aborted canary.
        operator().delete(path(model, "pin")).then().statusCode(200).body("activeVersion", equalTo(3));
        operator().body("{\"stable\": 2, \"canary\": 3, \"weight\": 50}").put(path(model, "canary")).then()
                .statusCode(200).body("routing.previous.mode", equalTo("newest"));
        operator().delete(path(model, "canary")).then().statusCode(200)
                .body("routing.mode", equalTo("pinned"))
                .body("activeVersion", equalTo(2));
        assertTrue(drawBySeed(model).values().stream().allMatch("2"::equals));

        problem(operator().delete(path(model, "canary")), 409, "no-canary");
        problem(operator().post(path(model, "canary/promote")), 409, "no-canary");
    }

    /**
     * A canary that fails in ONNX Runtime at serving (it passed every check at load) is aborted by the service
     * itself once its error rate passes ganforge.canary.abort-error-rate (0.5 after 4 runs in the tests): its
     * errors are counted under its version, and the routing before the split returns.
     */
    @Test
    void aCanaryFailingPastTheErrorRateIsAbortedAutomatically() {
        String model = "canary-broken";
        ModelMetadata metadata = TestModels.imageMetadata(model, 0);
        publish(model, 1);
        awaitServing(model, 1);
        operator().body("{\"version\": 1}").put(path(model, "pin")).then().statusCode(200);
        try (ModelPublisher publisher = ModelPublisher.toTestBroker()) {
            publisher.publish(TestModels.signed(metadata, 2, TestModels.imageModelForBatchesOfTwo(metadata, 2)));
        }
        await().atMost(DEADLINE).untilAsserted(() -> given().get("/api/v1/models/" + model).then()
                .body("versions.find { it.version == 2 }.state", equalTo("standby")));
        operator().body("{\"canary\": 2, \"weight\": 50}").put(path(model, "canary")).then().statusCode(200);

        AtomicLong seed = new AtomicLong();
        await().atMost(DEADLINE).until(() -> {
            given().queryParam("count", 3).queryParam("seed", seed.getAndIncrement()).queryParam("format", "json")
                    .get("/api/v1/models/" + model + "/samples");
            return !"canary".equals(given().get("/api/v1/models/" + model).path("routing.mode"));
        });

        given().get("/api/v1/models/" + model).then()
                .body("routing.mode", equalTo("pinned"))
                .body("pinnedVersion", equalTo(1));
        assertTrue(drawBySeed(model).values().stream().allMatch("1"::equals), "the canary no longer draws");
        assertEquals(ModelRouting.pinned(1), lastControlRecord(model).body().routing());
        assertTrue(requestsCounted(model, "2", "error") >= 2, "the canary's errors, under its version");
    }

    @Test
    void badCanaryRequestsAreProblemsAndChangeNothing() {
        String model = "canary-errors";
        publish(model, 1, 2);
        awaitServing(model, 2);

        problem(given().contentType("application/json").body("{\"canary\": 1, \"weight\": 10}")
                .put(path(model, "canary")), 401, "unauthorized");
        problem(given().auth().oauth2("not-the-token").post(path(model, "canary/promote")), 401, "unauthorized");
        problem(given().delete(path(model, "canary")), 401, "unauthorized");
        problem(operator().body("{\"canary\": 9, \"weight\": 10}").put(path(model, "canary")), 404, "unknown-model");
        problem(operator().body("{\"canary\": 1, \"weight\": 10}").put(path("no-such-model", "canary")), 404,
                "unknown-model");
        problem(operator().post(path("no-such-model", "canary/promote")), 404, "unknown-model");
        for (String weight : List.of("0", "100", "-5")) {
            problem(operator().body("{\"canary\": 1, \"weight\": " + weight + "}").put(path(model, "canary")), 400,
                    "invalid-request");
        }
        problem(operator().body("{\"canary\": 2, \"weight\": 10}").put(path(model, "canary")), 400,
                "invalid-request"); // the serving version is 2: a split needs two versions
        problem(operator().body("{}").put(path(model, "canary")), 400, "invalid-request");
        problem(operator().body("{\"canary\": \"one\", \"weight\": 10}").put(path(model, "canary")), 400,
                "malformed-json");

        given().get("/api/v1/models/" + model).then().statusCode(200)
                .body("routing.mode", equalTo("newest"))
                .body("activeVersion", equalTo(2));
        assertTrue(controlRecords(model).isEmpty(), "no control record for refused requests");
    }

    private static RequestSpecification operator() {
        return given().auth().oauth2(KafkaBrokerResource.OPERATOR_TOKEN).contentType("application/json");
    }

    private static String path(String model, String action) {
        return "/api/v1/models/" + model + "/" + action;
    }

    private static void problem(io.restassured.response.Response answer, int status, String type) {
        ValidatableResponse checked = answer.then().statusCode(status).contentType(Problem.MEDIA_TYPE);
        checked.body("status", equalTo(status)).body("type", endsWith(type));
    }

    private static void publish(String model, long... versions) {
        ModelMetadata metadata = TestModels.imageMetadata(model, 0);
        try (ModelPublisher publisher = ModelPublisher.toTestBroker()) {
            for (long version : versions) {
                publisher.publish(TestModels.signed(metadata, version, TestModels.imageModel(metadata, (int) version)));
            }
        }
    }

    /** Serving {@code version}, and ready: the control topic replayed (so it exists) and followed. */
    private static void awaitServing(String model, long version) {
        await().atMost(DEADLINE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertEquals(
                String.valueOf(version), given().queryParam("count", 1).queryParam("format", "json")
                        .get("/api/v1/models/" + model + "/samples").header("X-Model-Version")));
    }

    /** Per seed 0..{@value #SEEDS}-1, the version that drew one sample of it. */
    private static Map<Long, String> drawBySeed(String model) {
        Map<Long, String> drawn = new TreeMap<>();
        for (long seed = 0; seed < SEEDS; seed++) {
            drawn.put(seed, given().queryParam("count", 1).queryParam("seed", seed).queryParam("format", "json")
                    .get("/api/v1/models/" + model + "/samples").then().statusCode(200)
                    .extract().header("X-Model-Version"));
        }
        return drawn;
    }

    /** Successful sample requests {@code version} of {@code model} drew, as /q/metrics counts them (labels). */
    private static long requestsCounted(String model, String version) {
        return requestsCounted(model, version, "ok");
    }

    private static long requestsCounted(String model, String version, String outcome) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher found = Pattern.compile("(?m)^ganforge_samples_duration_seconds_count\\{endpoint=\"[^\"]+\",model=\""
                + model + "\",outcome=\"" + outcome + "\",version=\"" + version + "\"} ([0-9.]+)$").matcher(metrics);
        return found.find() ? (long) Double.parseDouble(found.group(1)) : 0;
    }

    private static ControlRecord lastControlRecord(String model) {
        List<ControlRecord> records = controlRecords(model);
        assertTrue(!records.isEmpty(), "no control record for " + model);
        return records.get(records.size() - 1);
    }

    /** Every record of {@code model} on the control topic, read from its beginning to its end now. */
    private static List<ControlRecord> controlRecords(String model) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers());
        List<ControlRecord> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(Topics.CONTROL, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (model.equals(record.key())) {
                        Map<String, byte[]> headers = new HashMap<>();
                        record.headers().forEach(header -> headers.put(header.key(), header.value()));
                        records.add(ControlRecord.fromKafka(record.key(), record.value(), headers));
                    }
                }
                return consumer.position(partition) >= end;
            });
        }
        return records;
    }
}
