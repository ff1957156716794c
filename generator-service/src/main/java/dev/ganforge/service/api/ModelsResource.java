package dev.ganforge.service.api;

import dev.ganforge.service.model.ModelRegistry;
import dev.ganforge.service.model.ModelView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Received model versions and which one serves; pinning for operators. */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class ModelsResource {

    private final ModelRegistry registry;

    public ModelsResource(ModelRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Operation(summary = "List models",
            description = "Every model name with its versions (newest first), their states (active, standby, "
                    + "pending while the replica replays the topic at start, evicted or rejected, with the reason) "
                    + "and why the active one serves (newest or pinned).")
    @APIResponse(responseCode = "200", description = "All models")
    public List<ModelView> models() {
        return registry.models();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "Describe one model")
    @APIResponse(responseCode = "200", description = "The model",
            content = @Content(schema = @Schema(implementation = ModelView.class)))
    @APIResponse(responseCode = "404", description = "Unknown model",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response model(@Parameter(description = "Model name") @PathParam("name") String name) {
        return withVersion(registry.model(name));
    }

    @PUT
    @Path("{name}/pin")
    @Consumes(MediaType.APPLICATION_JSON)
    @OperatorOnly
    @SecurityRequirement(name = ApiDefinition.OPERATOR_SCHEME)
    @Operation(summary = "Pin a version (rollback)",
            description = "The version serves until unpinned, whatever newer versions arrive. The version comes "
                    + "from the body {\"version\": N} or the query parameter.")
    @RequestBody(required = false, content = @Content(schema = @Schema(implementation = PinRequest.class)))
    @APIResponse(responseCode = "200", description = "The model after pinning",
            content = @Content(schema = @Schema(implementation = ModelView.class)))
    @APIResponse(responseCode = "400", description = "No version given",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or unknown operator token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown model or version",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The version was rejected, or evicted from memory "
            + "(ganforge.models.retained-versions)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response pin(@Parameter(description = "Model name") @PathParam("name") String name,
                        @Parameter(description = "Version to pin (alternative to the body)")
                        @QueryParam("version") String version,
                        PinRequest body) {
        Long fromQuery = QueryValues.optionalLong("version", version);
        Long pinned = body != null && body.version() != null ? body.version() : fromQuery;
        if (pinned == null) {
            throw ProblemException.badRequest("give the version to pin as {\"version\": N} or ?version=N");
        }
        return withVersion(registry.pin(name, pinned));
    }

    @DELETE
    @Path("{name}/pin")
    @OperatorOnly
    @SecurityRequirement(name = ApiDefinition.OPERATOR_SCHEME)
    @Operation(summary = "Unpin", description = "The newest accepted version serves again.")
    @APIResponse(responseCode = "200", description = "The model after unpinning",
            content = @Content(schema = @Schema(implementation = ModelView.class)))
    @APIResponse(responseCode = "401", description = "No or unknown operator token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown model",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response unpin(@Parameter(description = "Model name") @PathParam("name") String name) {
        return withVersion(registry.unpin(name));
    }

    private static Response withVersion(ModelView view) {
        Response.ResponseBuilder response = Response.ok(view, MediaType.APPLICATION_JSON);
        if (view.activeVersion() != null) {
            response.header(ApiDefinition.MODEL_VERSION_HEADER, view.activeVersion());
        }
        return response.build();
    }
}
