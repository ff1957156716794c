package dev.ganforge.service.oip.grpc;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ganforge.service.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import dev.ganforge.service.oip.grpc.v2.GRPCInferenceServiceGrpc;
import dev.ganforge.service.oip.grpc.v2.ServerLiveRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * {@code ganforge.grpc.enabled=false}: every call of {@code inference.GRPCInferenceService} is refused with
 * UNIMPLEMENTED (Quarkus keeps its gRPC port open), and HTTP's {@code /v2} answers as before.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(GrpcDisabledTest.GrpcOff.class)
class GrpcDisabledTest {

    /** The switch, off. */
    public static class GrpcOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ganforge.grpc.enabled", "false");
        }
    }

    @Test
    void theInferenceServiceIsNotServed() throws InterruptedException {
        int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () ->
                    GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                            .serverLive(ServerLiveRequest.getDefaultInstance()));
            assertEquals(Status.Code.UNIMPLEMENTED, refused.getStatus().getCode(), refused::toString);
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        given().get("/v2").then().statusCode(200);
    }
}
