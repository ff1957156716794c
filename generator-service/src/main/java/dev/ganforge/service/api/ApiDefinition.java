package dev.ganforge.service.api;

import dev.ganforge.shared.contract.ServicePaths;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OpenAPI document header; served at /q/openapi, browsable at /q/swagger-ui. */
@OpenAPIDefinition(
        info = @Info(title = "ganforge generator-service", version = "v1",
                description = "Samples from signed GAN generators delivered over Kafka; model lifecycle control."),
        tags = {
            @Tag(name = "samples", description = "Generate samples from the serving version of a model"),
            @Tag(name = "models", description = "Received model versions, their states, pinning"),
            @Tag(name = "training", description = "Ask the trainer for a new version")
        })
@SecurityScheme(securitySchemeName = ApiDefinition.OPERATOR_SCHEME, type = SecuritySchemeType.HTTP,
        scheme = "bearer", description = "One of ganforge.auth.operator-tokens")
public class ApiDefinition extends Application {

    public static final String OPERATOR_SCHEME = "operator-token";
    public static final String MODEL_VERSION_HEADER = ServicePaths.MODEL_VERSION_HEADER;
    public static final String SEED_HEADER = "X-Seed";
}
