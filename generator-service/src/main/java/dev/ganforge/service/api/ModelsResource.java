package dev.ganforge.service.api;

import dev.ganforge.service.messaging.ControlPublisher;
import dev.ganforge.service.model.ModelRegistry;
import dev.ganforge.service.model.ModelView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import dev.ganforge.shared.contract.ModelRouting;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Received model versions and which one serves; routing (pin, canary) for operators, through the control topic. */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class ModelsResource {

    private static final String NOT_CANARY = "has no canary split; start one with PUT /api/v1/models/{name}/canary";

    private final ModelRegistry registry;
    private final ControlPublisher control;

    public ModelsResource(ModelRegistry registry, ControlPublisher control) {
        this.registry = registry;
        this.control = control;
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
            description = "The version serves until unpinned, whatever newer versions arrive, on every replica: the "
                    + "pin is a signed record on the control topic (ganforge.control), and the answer comes once this "
                    + "replica has applied it. The version comes from the body {\"version\": N} or the query "
                    + "parameter.")
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
    @APIResponse(responseCode = "503", description = "No control signing key on this replica, or the control "
            + "record was not acknowledged or applied in time",
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
        registry.requireServable(name, pinned);
        return route(name, ModelRouting.pinned(pinned));
    }

    @DELETE
    @Path("{name}/pin")
    @OperatorOnly
    @SecurityRequirement(name = ApiDefinition.OPERATOR_SCHEME)
    @Operation(summary = "Unpin", description = "The newest accepted version serves again, on every replica "
            + "(a control record, as for the pin); also ends a canary split.")
    @APIResponse(responseCode = "200", description = "The model after unpinning",
            content = @Content(schema = @Schema(implementation = ModelView.class)))
    @APIResponse(responseCode = "401", description = "No or unknown operator token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown model",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No control signing key on this replica, or the control "
            + "record was not acknowledged or applied in time",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response unpin(@Parameter(description = "Model name") @PathParam("name") String name) {
        registry.model(name);
        return route(name, ModelRouting.NEWEST);
    }

    @PUT
    @Path("{name}/canary")
    @Consumes(MediaType.APPLICATION_JSON)
    @OperatorOnly
    @SecurityRequirement(name = ApiDefinition.OPERATOR_SCHEME)
    @Operation(summary = "Start a canary split",
            description = "Two versions serve: the canary draws weight percent of the requests, the stable version "
                    + "the rest; a request with a seed always draws the same version for that seed. The response "
                    + "header X-Model-Version says which version drew each request, and the sample metrics carry it "
                    + "as the label 'version'. On every replica (a control record). The split remembers the routing "
                    + "it replaced (newest or a pin; a split replacing a split keeps the first one's), which an abort "
                    + "returns to.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = CanaryRequest.class)))
    @APIResponse(responseCode = "200", description = "The model with its split",
            content = @Content(schema = @Schema(implementation = ModelView.class)))
    @APIResponse(responseCode = "400", description = "No canary version, or a weight outside 1..99",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or unknown operator token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown model or version",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A version cannot serve here (rejected, evicted, loading)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No control signing key on this replica, or the control "
            + "record was not acknowledged or applied in time",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response canary(@Parameter(description = "Model name") @PathParam("name") String name,
                           CanaryRequest body) {
        if (body == null || body.canary() == null || body.weight() == null) {
            throw ProblemException.badRequest("give {\"canary\": N, \"weight\": 1..99} and optionally "
                    + "\"stable\": M (default: the serving version)");
        }
        Long stable = body.stable() != null ? body.stable() : registry.model(name).activeVersion();
        if (stable == null) {
            throw ProblemException.badRequest("model '" + name + "' serves no version; give \"stable\"");
        }
        ModelRouting routing = registry.routingOf(name).withCanary(stable, body.canary(), body.weight());
        if (!routing.problems().isEmpty()) {
            throw ProblemException.badRequest(String.join("; ", routing.problems()));
        }
        registry.requireServable(name, stable);
        registry.requireServable(name, body.canary());
        return route(name, routing);
    }

    @POST
    @Path("{name}/canary/promote")
    @OperatorOnly
    @SecurityRequirement(name = ApiDefinition.OPERATOR_SCHEME)
    @Operation(summary = "Promote the canary",
            description = "The canary version becomes the only one, on every replica: when it is the newest accepted "
                    + "version the model follows the newest again (later versions take over as they arrive); "
                    + "otherwise it is pinned, as a newer version exists that was not tried.")
    @APIResponse(responseCode = "200", description = "The model after promotion",
            content = @Content(schema = @Schema(implementation = ModelView.class)))
    @APIResponse(responseCode = "401", description = "No or unknown operator token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown model",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "No canary split",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No control signing key on this replica, or the control "
            + "record was not acknowledged or applied in time",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response promote(@Parameter(description = "Model name") @PathParam("name") String name) {
        return route(name, canaryOf(name).promoted(newest(name)));
    }

    @DELETE
    @Path("{name}/canary")
    @OperatorOnly
    @SecurityRequirement(name = ApiDefinition.OPERATOR_SCHEME)
    @Operation(summary = "Abort the canary",
            description = "The canary version stops serving, on every replica, and the routing in force before the "
                    + "canary started returns (following the newest, or a pin), unless it would serve the aborted "
                    + "canary (it followed the newest and the canary is the newest): then the stable version is "
                    + "pinned.")
    @APIResponse(responseCode = "200", description = "The model after the abort",
            content = @Content(schema = @Schema(implementation = ModelView.class)))
    @APIResponse(responseCode = "401", description = "No or unknown operator token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown model",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "No canary split",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No control signing key on this replica, or the control "
            + "record was not acknowledged or applied in time",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response abort(@Parameter(description = "Model name") @PathParam("name") String name) {
        return route(name, canaryOf(name).aborted(newest(name)));
    }

    /** A model under a canary split has accepted versions: the split names two. */
    private long newest(String name) {
        return registry.newestAccepted(name).orElseThrow(() -> new ProblemException(409, "no-canary",
                "No canary split", "model '" + name + "' has no accepted version"));
    }

    private ModelRouting canaryOf(String name) {
        registry.model(name);
        ModelRouting routing = registry.routingOf(name);
        if (routing.mode() != ModelRouting.Mode.CANARY) {
            throw new ProblemException(409, "no-canary", "No canary split", "model '" + name + "' " + NOT_CANARY);
        }
        return routing;
    }

    private Response route(String name, ModelRouting routing) {
        control.publish(name, routing);
        return withVersion(registry.model(name));
    }

    private static Response withVersion(ModelView view) {
        Response.ResponseBuilder response = Response.ok(view, MediaType.APPLICATION_JSON);
        if (view.activeVersion() != null) {
            response.header(ApiDefinition.MODEL_VERSION_HEADER, view.activeVersion());
        }
        return response.build();
    }
}
