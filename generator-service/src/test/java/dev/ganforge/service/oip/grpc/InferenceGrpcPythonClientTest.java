package dev.ganforge.service.oip.grpc;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ganforge.service.testing.KafkaBrokerResource;
import dev.ganforge.service.testing.ModelPublisher;
import dev.ganforge.service.testing.TestModels;
import dev.ganforge.shared.model.LatentSampler;
import dev.ganforge.shared.model.ModelMetadata;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gRPC side of the Open Inference Protocol, called by a client nobody here wrote: Python's grpcio with message
 * classes that grpc_tools compiles from the published proto (Debian's python3-grpcio and python3-grpc-tools, installed
 * by scripts/prerequisites). Every RPC is called; the samples must be the ONNX model's own outputs, run directly in
 * ONNX Runtime on the same bytes the service loaded, for the same latents (≤ 1e-5).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class InferenceGrpcPythonClientTest {

    private static final String MODEL = "grpc-classes";
    private static final Path CLIENT = Path.of("src/test/python/oip_grpc_client.py");
    private static final Path PROTO = Path.of("src/main/proto/grpc_predict_v2.proto");
    private static final int SAMPLE = 28 * 28;

    @TempDir
    Path dir;

    @Test
    void everyRpcAnswersAsTheModelItself() throws Exception {
        ModelMetadata md = TestModels.imageMetadata(MODEL, 10);
        byte[] onnx = TestModels.imageModel(md, 3);
        try (ModelPublisher publisher = ModelPublisher.toTestBroker()) {
            publisher.publish(TestModels.signed(md, 1, onnx));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/v2/models/" + MODEL + "/ready").then().statusCode(200));

        float[] z = LatentSampler.sample(31, 3, md);
        long[] labels = {2, 5, 9};
        long seed = 77;
        Map<String, Object> request = Map.of("model", MODEL, "z", rows(z, md.latentSize()), "label", labels,
                "seed", seed, "count", 2, "seed_label", 4);
        Path requestFile = dir.resolve("request.json");
        Path resultFile = dir.resolve("result.json");
        ObjectMapper json = new ObjectMapper();
        json.writeValue(requestFile.toFile(), request);
        int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        run("127.0.0.1:" + port, requestFile, resultFile);
        JsonNode result = json.readTree(resultFile.toFile());

        assertTrue(result.get("live").asBoolean());
        assertTrue(result.get("ready").asBoolean());
        assertEquals("ganforge", result.get("server").get("name").asText());
        assertTrue(result.get("model_ready").asBoolean());
        assertTrue(result.get("version_ready").asBoolean());
        JsonNode metadata = result.get("metadata");
        assertEquals("onnxruntime_onnx", metadata.get("platform").asText());
        assertEquals("[\"1\"]", metadata.get("versions").toString());
        assertEquals("[{\"name\":\"z\",\"datatype\":\"FP32\",\"shape\":[-1,8]},"
                + "{\"name\":\"label\",\"datatype\":\"INT64\",\"shape\":[-1]}]", metadata.get("inputs").toString());
        assertEquals("[{\"name\":\"samples\",\"datatype\":\"FP32\",\"shape\":[-1,1,28,28]}]",
                metadata.get("outputs").toString());

        float[] expected = runModel(onnx, z, labels, md.latentSize());
        for (String call : List.of("infer_raw", "infer_typed")) {
            JsonNode answer = result.get(call);
            assertEquals(MODEL, answer.get("model_name").asText(), call);
            assertEquals("1", answer.get("model_version").asText(), call);
            assertEquals(call.equals("infer_raw") ? "py-raw" : "py-typed", answer.get("id").asText());
            assertEquals("samples", answer.get("name").asText());
            assertEquals("FP32", answer.get("datatype").asText());
            assertEquals("[3,1,28,28]", answer.get("shape").toString());
            assertEquals(3 * SAMPLE * 4, answer.get("raw_bytes").asInt(), call);
            assertArrayEquals(expected, floats(answer.get("data")), 1e-5f, call);
        }
        JsonNode seeded = result.get("infer_seeded");
        assertEquals(seed, seeded.get("parameters").get("seed").asLong());
        assertArrayEquals(runModel(onnx, LatentSampler.sample(seed, 2, md), new long[] {4, 4}, md.latentSize()),
                floats(seeded.get("data")), 1e-5f);

        assertEquals("NOT_FOUND", result.get("unknown_model").asText());
        assertEquals("INVALID_ARGUMENT", result.get("bad_raw_length").asText());
        assertEquals("NOT_FOUND", result.get("unknown_model_ready").asText());
    }

    private void run(String target, Path requestFile, Path resultFile) throws Exception {
        Path log = dir.resolve("client.log");
        Process process = new ProcessBuilder("/usr/bin/python3", CLIENT.toString(), target, PROTO.toString(),
                requestFile.toString(), resultFile.toString()).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        boolean done = process.waitFor(180, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(done && process.exitValue() == 0, "the Python gRPC client failed (are python3-grpcio and "
                + "python3-grpc-tools installed? run scripts/prerequisites):\n" + output);
    }

    /** The ONNX model run directly, its image output clamped to [0, 1] as the service's contract has it. */
    private static float[] runModel(byte[] onnx, float[] z, long[] labels, int latentSize) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int n = labels.length;
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
             OnnxTensor zt = OnnxTensor.createTensor(env, FloatBuffer.wrap(z), new long[] {n, latentSize});
             OnnxTensor lt = OnnxTensor.createTensor(env, LongBuffer.wrap(labels), new long[] {n});
             OrtSession.Result out = session.run(Map.of("z", zt, "label", lt))) {
            FloatBuffer buffer = ((OnnxTensor) out.get("samples").orElseThrow()).getFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            for (int i = 0; i < values.length; i++) {
                values[i] = Math.max(0f, Math.min(1f, values[i]));
            }
            return values;
        }
    }

    private static float[][] rows(float[] z, int latentSize) {
        float[][] rows = new float[z.length / latentSize][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Arrays.copyOfRange(z, i * latentSize, (i + 1) * latentSize);
        }
        return rows;
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }
}
