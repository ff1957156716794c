package dev.ganforge.service.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.service.inference.Sampler;
import dev.ganforge.service.testing.KafkaBrokerResource;
import dev.ganforge.service.testing.ModelPublisher;
import dev.ganforge.service.testing.TestModels;
import dev.ganforge.shared.model.ModelMetadata;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code ganforge.sampling.max-concurrent-requests} over real HTTP: a burst beyond the limit gets 429 problems with
 * Retry-After, everything else is served, and no slot is left taken afterwards. Its own class because the profile
 * restarts Quarkus.
 */
@QuarkusTest
@TestProfile(ConcurrencyLimitTest.OneAtATime.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class ConcurrencyLimitTest {

    private static final String MODEL = "limit-digits";
    /** The largest count allowed (ganforge.sampling.max-count), so every run is as long as a request can make it. */
    private static final int MAX_COUNT = 64;
    private static final int BURST = 16;
    private static final int MAX_BURSTS = 10;

    /** One request at a time, and each holds its slot for a while, so a burst overlaps on any machine. */
    public static class OneAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A lone request never has company, so without adaptive wait it waits the whole max-wait in its batch,
            // slot held: the requests of a burst arrive well inside that window even on a slow 2-core machine.
            return Map.of(
                    "ganforge.sampling.max-concurrent-requests", "1",
                    "ganforge.batching.adaptive-wait", "false",
                    "ganforge.batching.max-wait", "250ms");
        }
    }

    @TestHTTPResource("/api/v1/models/" + MODEL + "/samples")
    URI samples;

    @Inject
    Sampler sampler;

    @Test
    void burstBeyondTheLimitGets429ProblemsAndTheRestIsServed() {
        publishModel();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        int busy = 0;
        int served = 0;
        // A burst all but certainly overlaps, yet nothing guarantees it: fire bursts until one got a 429. Every
        // answer of every burst is checked, so another burst can only make up for a missing 429, never hide a
        // wrong answer.
        for (int bursts = 0; busy == 0; bursts++) {
            assertTrue(bursts < MAX_BURSTS, "no 429 in " + MAX_BURSTS + " bursts of " + BURST + " requests");
            for (HttpResponse<byte[]> response : burst(client)) {
                String body = new String(response.body(), StandardCharsets.UTF_8);
                if (response.statusCode() == 429) {
                    assertTooManyRequests(response, body);
                    busy++;
                } else {
                    assertEquals(200, response.statusCode(), () -> "neither served nor 429: " + body);
                    served++;
                }
            }
        }
        assertTrue(served > 0, "the first request of a burst finds the slot free");

        // Nothing leaked: once the burst is answered every slot is free again and a lone request is served.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertEquals(0, sampler.requestsInFlight());
            given().queryParam("count", MAX_COUNT).queryParam("format", "npy")
                    .get("/api/v1/models/" + MODEL + "/samples")
                    .then().statusCode(200).header("X-Model-Version", "1");
        });
    }

    /** {@value #BURST} requests sent at once; returns when every one is answered. */
    private List<HttpResponse<byte[]>> burst(HttpClient client) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(samples + "?format=npy&count=" + MAX_COUNT))
                .timeout(Duration.ofSeconds(60)).GET().build();
        List<CompletableFuture<HttpResponse<byte[]>>> answers = IntStream.range(0, BURST)
                .mapToObj(i -> client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()))
                .toList();
        return answers.stream().map(CompletableFuture::join).toList();
    }

    private static void assertTooManyRequests(HttpResponse<byte[]> response, String body) {
        assertThat(response.headers().firstValue("Content-Type").orElse(""), startsWith(Problem.MEDIA_TYPE));
        assertEquals(ProblemMappers.RETRY_AFTER_BUSY, response.headers().firstValue("Retry-After").orElse(null));
        JsonPath problem = JsonPath.from(body);
        assertThat(problem.getInt("status"), equalTo(429));
        assertThat(problem.getString("type"), endsWith("/too-many-requests"));
        assertThat(problem.getString("title"), notNullValue());
        assertThat(problem.getString("instance"), equalTo("/api/v1/models/" + MODEL + "/samples"));
        assertThat(problem.getString("detail"), containsString("more than 1 sample requests at once"));
    }

    private static void publishModel() {
        ModelMetadata metadata = TestModels.imageMetadata(MODEL, 0);
        try (ModelPublisher publisher = ModelPublisher.toTestBroker()) {
            publisher.publish(TestModels.signed(metadata, 1, TestModels.imageModel(metadata, 1)));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/api/v1/models/" + MODEL).then().statusCode(200).body("activeVersion", equalTo(1)));
    }
}
