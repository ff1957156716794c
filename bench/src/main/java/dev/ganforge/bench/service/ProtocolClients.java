package dev.ganforge.bench.service;

import dev.ganforge.service.oip.grpc.v2.GRPCInferenceServiceGrpc;
import dev.ganforge.service.oip.grpc.v2.InferParameter;
import dev.ganforge.service.oip.grpc.v2.ModelInferRequest;
import dev.ganforge.service.oip.grpc.v2.ModelInferResponse;
import dev.ganforge.shared.contract.ServicePaths;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.concurrent.TimeUnit;

/**
 * One request for N samples of one model in each {@link Protocol}, all asking the service for the same work: N
 * samples from latents it draws itself (no seed, no latents sent), so only the transport and encoding differ.
 * HTTP goes through the {@link LoadClient}'s connections (one per user); gRPC through one channel whose HTTP/2
 * connection all users share, as a gRPC client would.
 */
public final class ProtocolClients implements AutoCloseable {

    private final LoadClient http;
    private final URI base;
    private final String model;
    private final ManagedChannel channel;
    private final GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub grpc;

    /** @param grpcTarget the gRPC server, {@code HOST:PORT} */
    public ProtocolClients(LoadClient http, URI base, String grpcTarget, String model) {
        this.http = http;
        this.base = base;
        this.model = model;
        this.channel = NettyChannelBuilder.forTarget(grpcTarget).usePlaintext().build();
        this.grpc = GRPCInferenceServiceGrpc.newBlockingStub(channel);
    }

    /** The request for {@code batch} samples in {@code protocol}; thread-safe. */
    public Exchange exchange(Protocol protocol, int batch) {
        return switch (protocol) {
            case API_V1_NPY -> http.exchange(HttpRequest.newBuilder(
                    base.resolve(ServicePaths.samples(model) + "?count=" + batch + "&format=npy"))
                    .timeout(http.requestTimeout()).GET().build());
            case OIP_JSON -> http.exchange(infer("{\"parameters\":{\"count\":" + batch + "}}"));
            case OIP_BINARY -> http.exchange(
                    infer("{\"parameters\":{\"count\":" + batch + ",\"binary_data_output\":true}}"));
            case GRPC -> grpcInfer(batch);
        };
    }

    private HttpRequest infer(String body) {
        return HttpRequest.newBuilder(base.resolve("/v2/models/" + model + "/infer"))
                .timeout(http.requestTimeout()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private Exchange grpcInfer(int batch) {
        ModelInferRequest request = ModelInferRequest.newBuilder().setModelName(model)
                .putParameters("count", InferParameter.newBuilder().setInt64Param(batch).build()).build();
        long timeoutMillis = http.requestTimeout().toMillis();
        return () -> {
            try {
                ModelInferResponse response = grpc.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS)
                        .modelInfer(request);
                return response.getRawOutputContentsCount() == 1 ? null : "no raw_output_contents";
            } catch (StatusRuntimeException e) {
                return e.getStatus().getCode().name();
            }
        };
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdown();
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
            channel.shutdownNow();
        }
    }
}
