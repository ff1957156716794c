package dev.ganforge.service.oip;

import dev.ganforge.service.api.ApiDefinition;
import dev.ganforge.service.health.ModelsLoadedCheck;
import dev.ganforge.service.inference.GeneratedSamples;
import dev.ganforge.service.inference.SampleSpec;
import dev.ganforge.service.inference.Sampler;
import dev.ganforge.service.model.ModelRegistry;
import dev.ganforge.service.model.ModelVersionView;
import dev.ganforge.service.model.ModelView;
import dev.ganforge.service.model.UnknownModelException;
import dev.ganforge.service.model.VersionState;
import dev.ganforge.shared.model.ModelMetadata;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The Open Inference Protocol (KServe v2) over HTTP, beside {@code /api/v1}: the clients, gateways and dashboards
 * written for Triton, KServe or MLServer work against ganforge. A generator is a model with input {@code z} (and
 * {@code label} when conditional) and output {@code samples}; requests share {@code /api/v1}'s batcher,
 * concurrency limit and version pinning, since both go through the same {@link Sampler}. Errors are the protocol's
 * {@code {"error": "…"}} (see {@code ProblemMappers}).
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "open inference protocol", description = "KServe v2 / Open Inference Protocol, REST")
public class OipResource {

    /** What Triton calls an ONNX Runtime model. */
    static final String PLATFORM = "onnxruntime_onnx";

    private final ModelRegistry registry;
    private final Sampler sampler;
    private final ModelsLoadedCheck readiness;
    private final String version;

    public OipResource(ModelRegistry registry, Sampler sampler, @Readiness ModelsLoadedCheck readiness,
                       @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.registry = registry;
        this.sampler = sampler;
        this.readiness = readiness;
        this.version = version;
    }

    /** {@code GET /v2}: server metadata. */
    public record ServerMetadata(String name, String version, List<String> extensions) {
    }

    /** Readiness of a model or version. */
    public record ModelReady(String name, boolean ready) {
    }

    @GET
    @Operation(summary = "Server metadata")
    public ServerMetadata server() {
        return new ServerMetadata("ganforge", version, List.of());
    }

    @GET
    @Path("health/live")
    @Operation(summary = "Liveness: 200 while the process serves HTTP")
    public Response live() {
        return Response.ok(Map.of("live", true)).build();
    }

    @GET
    @Path("health/ready")
    @Operation(summary = "Readiness: 200 once the models topic is replayed and a model serves, else 503")
    public Response ready() {
        boolean up = readiness.call().getStatus() == HealthCheckResponse.Status.UP;
        return Response.status(up ? 200 : 503).entity(Map.of("ready", up)).build();
    }

    @GET
    @Path("models/{name}")
    @Operation(summary = "Model metadata: loaded versions, inputs z (and label), output samples")
    @APIResponse(responseCode = "404", description = "Unknown model",
            content = @Content(schema = @Schema(implementation = OipError.class)))
    public ModelMetadataResponse metadata(@PathParam("name") String name) {
        return describe(name, null);
    }

    @GET
    @Path("models/{name}/versions/{version}")
    @Operation(summary = "Metadata of one version")
    @APIResponse(responseCode = "404", description = "Unknown model or version",
            content = @Content(schema = @Schema(implementation = OipError.class)))
    public ModelMetadataResponse metadata(@PathParam("name") String name, @PathParam("version") String version) {
        return describe(name, versionNumber(name, version));
    }

    @GET
    @Path("models/{name}/ready")
    @Operation(summary = "200 when the model serves, 503 otherwise")
    public Response modelReady(@PathParam("name") String name) {
        ModelView model = registry.model(name);
        return readiness(name, model.activeVersion() != null);
    }

    @GET
    @Path("models/{name}/versions/{version}/ready")
    @Operation(summary = "200 when the version is loaded (serving or standing by), 503 otherwise")
    public Response versionReady(@PathParam("name") String name, @PathParam("version") String version) {
        ModelVersionView view = version(registry.model(name), versionNumber(name, version));
        return readiness(name, loaded(view));
    }

    @POST
    @Path("models/{name}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Generate samples",
            description = "Inputs z FP32 [n, latent] (and label INT64 [n] for conditional models); without z, "
                    + "parameters count, seed and label draw the latents as /api/v1 does (same seed and version, "
                    + "same samples). The response's parameters give the seed.")
    @APIResponse(responseCode = "200", description = "Output samples FP32 [n, …sample shape]",
            content = @Content(schema = @Schema(implementation = InferResponse.class)))
    @APIResponse(responseCode = "400", description = "Bad tensor, shape, datatype or parameter",
            content = @Content(schema = @Schema(implementation = OipError.class)))
    @APIResponse(responseCode = "404", description = "Unknown model",
            content = @Content(schema = @Schema(implementation = OipError.class)))
    @APIResponse(responseCode = "429", description = "Too many concurrent requests",
            content = @Content(schema = @Schema(implementation = OipError.class)))
    @APIResponse(responseCode = "503", description = "No model loaded yet",
            content = @Content(schema = @Schema(implementation = OipError.class)))
    public CompletionStage<Response> infer(@PathParam("name") String name, InferRequest request) {
        return run(name, null, request);
    }

    @POST
    @Path("models/{name}/versions/{version}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Generate samples from one loaded version (serving or standing by)")
    @APIResponse(responseCode = "404", description = "Unknown model or version, or a version not loaded",
            content = @Content(schema = @Schema(implementation = OipError.class)))
    public CompletionStage<Response> infer(@PathParam("name") String name, @PathParam("version") String version,
                                           InferRequest request) {
        return run(name, versionNumber(name, version), request);
    }

    private CompletionStage<Response> run(String name, Long version, InferRequest request) {
        ModelMetadata metadata = version(registry.model(name), version).metadata();
        SampleSpec spec = InferRequestReader.read(request, metadata);
        String id = request.id();
        return sampler.sampleAsync(name, version, spec).thenApply(samples -> Response.ok(response(samples, id))
                .header(ApiDefinition.MODEL_VERSION_HEADER, samples.version()).build());
    }

    private static InferResponse response(GeneratedSamples samples, String id) {
        List<Long> shape = samples.batch().shape().stream().map(Integer::longValue).toList();
        Map<String, Object> parameters = samples.seed() == null ? null : Map.of("seed", samples.seed());
        return new InferResponse(samples.model(), Long.toString(samples.version()), id, parameters,
                List.of(new InferenceTensor(InferRequestReader.SAMPLES, "FP32", shape, null,
                        samples.batch().data())));
    }

    private ModelMetadataResponse describe(String name, Long version) {
        ModelView model = registry.model(name);
        ModelMetadata md = version(model, version).metadata();
        List<String> versions = model.versions().stream().filter(OipResource::loaded)
                .map(v -> Long.toString(v.version())).toList();
        List<ModelMetadataResponse.TensorMetadata> inputs = new ArrayList<>();
        inputs.add(new ModelMetadataResponse.TensorMetadata(InferRequestReader.LATENTS, "FP32",
                List.of(-1L, (long) md.latentSize())));
        if (md.conditional()) {
            inputs.add(new ModelMetadataResponse.TensorMetadata(InferRequestReader.LABELS, "INT64", List.of(-1L)));
        }
        List<Long> outputShape = new ArrayList<>();
        outputShape.add(-1L);
        md.outputShape().forEach(d -> outputShape.add(d.longValue()));
        return new ModelMetadataResponse(name, versions, PLATFORM, inputs,
                List.of(new ModelMetadataResponse.TensorMetadata(InferRequestReader.SAMPLES, "FP32", outputShape)));
    }

    /** The version asked for, or the serving one when {@code version} is null. */
    private static ModelVersionView version(ModelView model, Long version) {
        Long wanted = version != null ? version : model.activeVersion();
        if (wanted == null) {
            throw new dev.ganforge.service.model.ModelUnavailableException("model '" + model.name()
                    + "' has no servable version");
        }
        return model.versions().stream().filter(v -> v.version() == wanted && v.metadata() != null).findFirst()
                .orElseThrow(() -> new UnknownModelException("model '" + model.name() + "' has no version "
                        + wanted));
    }

    private static boolean loaded(ModelVersionView view) {
        return view.state() == VersionState.ACTIVE || view.state() == VersionState.STANDBY;
    }

    private static Long versionNumber(String name, String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw new UnknownModelException("model '" + name + "' has no version '" + version
                    + "' (versions are numbers)");
        }
    }

    private static Response readiness(String name, boolean ready) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("ready", ready);
        return Response.status(ready ? 200 : 503).entity(body).build();
    }
}
