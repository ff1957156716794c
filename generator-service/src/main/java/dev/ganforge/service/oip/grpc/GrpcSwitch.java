package dev.ganforge.service.oip.grpc;

import dev.ganforge.service.config.GeneratorConfig;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code ganforge.grpc.enabled=false}: every gRPC call is refused with UNIMPLEMENTED. Quarkus decides at build time
 * which services its gRPC server registers, so the switch, read at start, sits in front of them.
 */
@ApplicationScoped
@GlobalInterceptor
public class GrpcSwitch implements ServerInterceptor {

    private final boolean enabled;

    public GrpcSwitch(GeneratorConfig config) {
        this.enabled = config.grpc().enabled();
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                       ServerCallHandler<Q, A> next) {
        if (enabled) {
            return next.startCall(call, headers);
        }
        call.close(Status.UNIMPLEMENTED.withDescription("gRPC is switched off (ganforge.grpc.enabled=false); "
                + "use /v2 over HTTP"), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
