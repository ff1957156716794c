package dev.ganforge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ganforge.shared.onnx.ModelVariants;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas that agree (issue 23 §1, §2), everything real on loopback: a broker, two versions of a tiny model published
 * with {@code ganforge publish}, and generator-service replicas each signing control records with its own key (every
 * replica trusting all of them and the trainer's key). A pin through replica A's HTTP endpoint is served by replica B
 * within a second; a replica started afterwards answers 503 not-ready until it has replayed the control topic, then
 * serves the pin; a control record signed by an untrusted key is rejected with a logged reason and changes nothing;
 * every replica lists the versions {@code ganforge models list} lists and serves the same one. Then four
 * {@code ganforge publish} processes publish ten versions each of one name at once: versions 1..40, listed alike by
 * the CLI and every replica, the same one active everywhere. One scenario, so the broker and replicas start once.
 */
class ReplicaRoutingTest {

    private static final String MODEL = "tiny";
    private static final String TOKEN = "it-operator-token";
    private static final Duration READY = Duration.ofMinutes(3);
    private static final String RACED = "raced";
    private static final int PUBLISHERS = 4;
    private static final int PUBLISHES_EACH = 10;

    @TempDir
    Path dir;

    private Loopback loopback;

    @BeforeEach
    void broker() throws Exception {
        loopback = new Loopback(dir);
        loopback.startBroker();
    }

    @AfterEach
    void stopEverything() throws Exception {
        loopback.close();
    }

    @Test
    void replicasAgreeOnRoutingAndOnFortyVersionsPublishedAtOnce() throws Exception {
        Path trainerKey = keyPair("trainer");
        publishTwoVersions(trainerKey);
        List<Path> trusted = new ArrayList<>(List.of(publicHalf(trainerKey)));
        List<Path> controlKeys = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            Path key = keyPair("control-" + name);
            controlKeys.add(key);
            trusted.add(publicHalf(key));
        }
        ServiceReplica a = replica("a", controlKeys.get(0), trusted);
        ServiceReplica b = replica("b", controlKeys.get(1), trusted);
        a.start();
        b.start();
        a.awaitVersion(2, READY);
        b.awaitVersion(2, READY);

        // A pin through A's endpoint (answered once A applied it) is served by B within a second.
        HttpResponse<String> pin = Loopback.HTTP.send(HttpRequest.newBuilder(URI.create(a.base() + "/pin?version=1"))
                .header("Authorization", "Bearer " + TOKEN).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, pin.statusCode(), pin.body());
        assertEquals(1, a.servedVersion(), "A serves its own pin");
        b.awaitServed(v -> v == 1, "pinned version 1", Duration.ofSeconds(1));

        // A replica started afterwards starts pinned. Its replay of the control topic is held back (its consumer
        // group is kept rebalancing by a frozen member), so it has loaded the models but knows nothing of the pin:
        // it answers 503 not-ready instead of the newest version, and once it has replayed, its first sample is from 1.
        ServiceReplica c;
        try (HeldConsumerGroup held = HeldConsumerGroup.holding(loopback, "it-replica-c-control",
                "ganforge.control")) {
            c = replica("c", controlKeys.get(2), trusted, Map.of("MP_MESSAGING_INCOMING_CONTROL_GROUP_ID",
                    held.group));
            c.start();
            c.awaitActive(MODEL, READY);
            assertNotReady(c);
        }
        c.awaitReady(READY);
        assertEquals(1, c.servedVersion(), "C's first sample once ready" + loopback.log("service-c"));

        // An unpin claiming A's control key but signed by another: every replica rejects it with a logged reason,
        // and it changes nothing.
        String claimed = keyId(publicHalf(controlKeys.get(0)));
        forgeUnpin(claimed);
        for (ServiceReplica replica : List.of(a, b, c)) {
            awaitLogLine(replica, "rejected control record for model " + MODEL + ": signature does not match (key "
                    + claimed + ")");
            assertEquals(1, replica.servedVersion(), replica.name + " still serves the pin");
        }

        // Every replica lists exactly what 'ganforge models list' lists, and all serve the same version.
        assertListedAlike(MODEL, 2, 1, List.of(a, b, c));

        // Four publishers of one name at once, ten versions each: 1..40, none lost, listed alike everywhere.
        byte[] exported = Files.readAllBytes(dir.resolve("v1.onnx"));
        List<Process> publishers = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            List<String> args = new ArrayList<>(List.of("publish", "--force", "--key", trainerKey.toString(),
                    "--name", RACED, "--bootstrap", loopback.bootstrap));
            for (int i = 0; i < PUBLISHES_EACH; i++) {
                Path copy = dir.resolve("raced-" + p + "-" + i + ".onnx");
                Files.write(copy, ModelVariants.tagged(exported, "it-copy-" + (p * PUBLISHES_EACH + i)));
                args.add(copy.toString());
            }
            publishers.add(loopback.ganforge("publish-" + RACED + "-" + p, args.toArray(String[]::new)));
        }
        for (int p = 0; p < PUBLISHERS; p++) {
            String log = "publish-" + RACED + "-" + p;
            assertTrue(publishers.get(p).waitFor(5, TimeUnit.MINUTES), "publisher " + p + loopback.log(log));
            assertEquals(0, publishers.get(p).exitValue(), loopback.log(log));
            assertEquals(PUBLISHES_EACH, Files.readAllLines(dir.resolve(log + ".log")).stream()
                    .filter(line -> line.startsWith(RACED + ": published version ")).count(), loopback.log(log));
        }
        int total = PUBLISHERS * PUBLISHES_EACH;
        for (ServiceReplica replica : List.of(a, b, c)) {
            replica.awaitModel(RACED, model -> model.path("versions").size() == total
                    && model.path("activeVersion").asLong() == total, total + " versions, " + total + " active",
                    Duration.ofMinutes(2));
        }
        assertListedAlike(RACED, total, total, List.of(a, b, c));
    }

    /**
     * {@code ganforge models list} lists versions 1..{@code count} of {@code name}, and every replica lists the same
     * versions with the same bytes (SHA-256) and serves {@code active}.
     */
    private void assertListedAlike(String name, int count, long active, List<ServiceReplica> replicas)
            throws Exception {
        String log = "list-" + name;
        assertEquals(0, loopback.run(log, Duration.ofMinutes(2), "models", "list", "--json", "--name", name,
                "--bootstrap", loopback.bootstrap), loopback.log(log));
        String output = Files.readString(dir.resolve(log + ".log"));
        assertTrue(output.contains("["), "no JSON listed" + loopback.log(log));
        String listing = output.substring(output.indexOf('['));
        Map<Long, String> listed = new TreeMap<>();
        Loopback.JSON.readTree(listing).forEach(v -> listed.put(v.path("version").asLong(), v.path("sha256").asText()));
        assertEquals(LongStream.rangeClosed(1, count).boxed().toList(), List.copyOf(listed.keySet()), listing);
        for (ServiceReplica replica : replicas) {
            JsonNode model = replica.model(name);
            Map<Long, String> versions = new TreeMap<>();
            model.path("versions").forEach(v -> versions.put(v.path("version").asLong(), v.path("sha256").asText()));
            assertEquals(listed, versions, replica.name + ": " + model);
            assertEquals(active, model.path("activeVersion").asLong(), replica.name + ": " + model);
        }
    }

    /**
     * Sample requests through both protocols answer 503 not-ready (with Retry-After); readiness and the protocol's
     * model readiness are down.
     */
    private void assertNotReady(ServiceReplica replica) throws Exception {
        HttpResponse<String> sample = replica.sample();
        assertEquals(503, sample.statusCode(), replica.name + " answered " + sample.body());
        assertEquals("application/problem+json", sample.headers().firstValue("Content-Type").orElse(""));
        assertTrue(sample.headers().firstValue("Retry-After").isPresent(), sample.headers().toString());
        JsonNode problem = Loopback.JSON.readTree(sample.body());
        assertTrue(problem.path("type").asText().endsWith("not-ready"), sample.body());
        assertTrue(problem.path("detail").asText().contains("ganforge.control"), sample.body());
        HttpResponse<String> infer = Loopback.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + replica.port + "/v2/models/" + MODEL + "/infer"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"parameters\":{\"count\":1,\"seed\":1}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, infer.statusCode(), infer.body());
        assertTrue(Loopback.JSON.readTree(infer.body()).path("error").asText().contains("replaying"), infer.body());
        assertTrue(infer.headers().firstValue("Retry-After").isPresent(), infer.headers().toString());
        for (String probe : List.of("/q/health/ready", "/v2/models/" + MODEL + "/ready")) {
            assertEquals(503, Loopback.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.port
                    + probe)).build(), HttpResponse.BodyHandlers.discarding()).statusCode(), probe);
        }
    }

    /** One short training run exported twice (EMA and raw weights): two distinct models, versions 1 and 2. */
    private void publishTwoVersions(Path key) throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, loopback.run("train", Duration.ofMinutes(3), "train", "--arch", "curves", "--dataset",
                "curves", "--steps", "20", "--ema", "0.9", "--seed", "1", "--run-dir", run.toString()), loopback.log("train"));
        int version = 0;
        for (String weights : List.of("--ema", "--no-ema")) {
            version++;
            Path onnx = dir.resolve("v" + version + ".onnx");
            assertEquals(0, loopback.run("export-" + version, Duration.ofMinutes(3), "export", weights, "--name",
                    MODEL, "-o", onnx.toString(), run.toString()), loopback.log("export-" + version));
            assertEquals(0, loopback.run("publish-" + version, Duration.ofMinutes(2), "publish", "--force", "--key",
                    key.toString(), "--name", MODEL, "--bootstrap", loopback.bootstrap, onnx.toString()),
                    loopback.log("publish-" + version));
        }
    }

    private ServiceReplica replica(String name, Path controlKey, List<Path> trusted) throws Exception {
        return replica(name, controlKey, trusted, Map.of());
    }

    private ServiceReplica replica(String name, Path controlKey, List<Path> trusted, Map<String, String> more)
            throws Exception {
        Map<String, String> env = new HashMap<>(more);
        env.putAll(Map.of(
                "GANFORGE_TRUST_PUBLIC_KEY_FILES", String.join(",", trusted.stream().map(Path::toString).toList()),
                "GANFORGE_CONTROL_SIGNING_KEY_FILE", controlKey.toString(),
                "GANFORGE_CONTROL_SIGNING_PUBLIC_KEY_FILE", publicHalf(controlKey).toString(),
                "GANFORGE_AUTH_OPERATOR_TOKENS", TOKEN));
        return new ServiceReplica(loopback, name, MODEL, env);
    }

    /**
     * An unpin, well-formed and newer than the pin, naming the trusted key {@code keyId} but signed by a fresh key no
     * replica trusts, written with kcat (a client sharing no code with ganforge), headers as docs/contracts.md says.
     */
    private void forgeUnpin(String keyId) throws Exception {
        ObjectNode body = Loopback.JSON.createObjectNode();
        body.put("model", MODEL);
        body.putObject("routing").put("mode", "newest");
        body.put("issuedAt", Instant.now().plusSeconds(60).toString());
        body.put("issuer", "it:forger");
        String value = Loopback.JSON.writeValueAsString(body);
        KeyPair forger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(forger.getPrivate());
        signer.update(("ganforge-control-v1\n" + MODEL + "\n" + value).getBytes(StandardCharsets.UTF_8));
        String signature = Base64.getEncoder().encodeToString(signer.sign());
        Process kcat = new ProcessBuilder("kcat", "-b", loopback.bootstrap, "-t", "ganforge.control", "-P", "-k",
                MODEL, "-H", "ganforge.control.signature=" + signature, "-H", "ganforge.control.key-id=" + keyId)
                .redirectErrorStream(true).redirectOutput(dir.resolve("kcat.log").toFile()).start();
        kcat.getOutputStream().write(value.getBytes(StandardCharsets.UTF_8));
        kcat.getOutputStream().close();
        assertTrue(kcat.waitFor(1, TimeUnit.MINUTES) && kcat.exitValue() == 0, "kcat: " + loopback.log("kcat"));
    }

    private void awaitLogLine(ServiceReplica replica, String text) throws Exception {
        Path log = dir.resolve("service-" + replica.name + ".log");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (Files.readAllLines(log).stream().noneMatch(l -> l.contains(text))) {
            if (Instant.now().isAfter(deadline)) {
                fail(replica.name + " logged no '" + text + "'" + loopback.log("service-" + replica.name));
            }
            TimeUnit.MILLISECONDS.sleep(50); // paces the poll
        }
    }

    /** A fresh Ed25519 pair as {@code ganforge keys generate} writes it: NAME.key (PKCS#8), NAME.pub (X.509). */
    private Path keyPair(String name) throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path key = dir.resolve(name + ".key");
        Files.writeString(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(publicHalf(key), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        return key;
    }

    /** As the replicas name a key: the first 16 hex digits of SHA-256 over its X.509 encoding. */
    private static String keyId(Path publicKey) throws Exception {
        String pem = Files.readString(publicKey).replaceAll("-----[A-Z ]+-----", "");
        byte[] der = Base64.getMimeDecoder().decode(pem);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der)).substring(0, 16);
    }

    private static Path publicHalf(Path key) {
        return key.resolveSibling(key.getFileName().toString().replace(".key", ".pub"));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
