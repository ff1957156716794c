package dev.ganforge.service.web;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.service.testing.KafkaBrokerResource;
import dev.ganforge.service.testing.ModelPublisher;
import dev.ganforge.service.testing.TestModels;
import dev.ganforge.shared.model.LatentCodes;
import dev.ganforge.shared.model.ModelMetadata;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gallery page, run by a real headless Chromium against the running service. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class GalleryPageTest {

    private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(90);

    @TestHTTPResource("/")
    URL root;

    @TempDir
    Path profile;

    private static void publishAModel() {
        ModelMetadata metadata = TestModels.imageMetadata("gallery-digits", 10);
        try (ModelPublisher publisher = ModelPublisher.toTestBroker()) {
            publisher.publish(TestModels.signed(metadata, 1, TestModels.imageModel(metadata, 1)));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given()
                .get("/api/v1/models/gallery-digits").then().statusCode(200));
    }

    @Test
    void pageShowsTheSampleGridAndTheLatentWalkItFetched() throws Exception {
        publishAModel();
        String dom = dumpDom(root + "?model=gallery-digits&seed=7");

        int[] grid = loadedSize(dom, "grid");
        // 20 samples cycling the 10 classes: one column per class, two full rows, 28 px tiles upscaled twice, 2 px
        // padding.
        assertEquals(10 * 56 + 11 * 2, grid[0], "grid width");
        assertEquals(2 * 56 + 3 * 2, grid[1], "grid height");
        int[] strip = loadedSize(dom, "strip");
        assertEquals(8 * 56 + 9 * 2, strip[0], "strip width: 8 steps in one row");
        assertTrue(dom.contains("version 1, seed 7"), "the served version and seed are shown");
        assertTrue(dom.contains("class-9"), "the conditional model's labels are offered");
    }

    @Test
    void infoganModelsGetACategoryPickerAndASliderPerContinuousCode() throws Exception {
        ModelMetadata base = TestModels.imageMetadata("gallery-codes", 0);
        ModelMetadata metadata = new ModelMetadata(base.name(), "infogan", base.latentSize(), "uniform", 0,
                List.of(), base.outputKind(), base.outputShape(), base.dataset(), base.datasetFingerprint(),
                base.runId(), base.step(), base.createdAt(), base.ganforgeVersion(), base.metrics(),
                new LatentCodes(3, 2));
        try (ModelPublisher publisher = ModelPublisher.toTestBroker()) {
            publisher.publish(TestModels.signed(metadata, 1, TestModels.imageModel(metadata, 1)));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given()
                .get("/api/v1/models/gallery-codes").then().statusCode(200));
        String dom = dumpDom(root + "?model=gallery-codes&seed=7");

        int[] grid = loadedSize(dom, "grid");
        // 20 samples of an unconditional model: ceil(sqrt(20)) = 5 columns by 4 full rows, tiles + 2 px padding.
        assertEquals(5 * (grid[1] - 2), 4 * (grid[0] - 2), "5 by 4 grid, got " + grid[0] + "x" + grid[1]);
        Matcher field = Pattern.compile("<span id=\"codes-field\"[^>]*>").matcher(dom);
        assertTrue(field.find() && !field.group().contains("hidden"), "codes shown: " + dom);
        assertTrue(dom.contains("id=\"c1\"") && dom.contains("id=\"c2\""), "one slider per continuous code");
        assertTrue(Pattern.compile("<select id=\"code\">.*<option value=\"2\">2</option>", Pattern.DOTALL)
                .matcher(dom).find(), "a category picker");
    }

    private static int[] loadedSize(String dom, String id) {
        Matcher img = Pattern.compile("<img[^>]*id=\"" + id + "\"[^>]*>").matcher(dom);
        assertTrue(img.find(), "no <img id=" + id + "> in the page:\n" + dom);
        Matcher loaded = Pattern.compile("data-loaded=\"(\\d+)x(\\d+)\"").matcher(img.group());
        assertTrue(loaded.find(), "image " + id + " did not load: " + img.group());
        int[] size = {Integer.parseInt(loaded.group(1)), Integer.parseInt(loaded.group(2))};
        assertTrue(size[0] > 0 && size[1] > 0, img.group());
        return size;
    }

    private String dumpDom(String url) throws IOException, InterruptedException {
        String chromium = findChromium();
        Path out = profile.resolve("dom.html");
        Path err = profile.resolve("chromium.log");
        Process process = new ProcessBuilder(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile.resolve("profile"),
                "--window-size=1280,1600", "--virtual-time-budget=15000", "--dump-dom", url))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(BROWSER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish within " + BROWSER_TIMEOUT + ":\n" + Files.readString(err));
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "chromium failed:\n" + Files.readString(err));
        return dom;
    }

    private static String findChromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        throw new AssertionError("no Chromium found; scripts/prerequisites installs it (Debian package chromium)");
    }
}
