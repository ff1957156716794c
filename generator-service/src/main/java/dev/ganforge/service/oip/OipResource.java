package dev.ganforge.service.oip;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ganforge.service.api.ApiDefinition;
import dev.ganforge.service.inference.GeneratedSamples;
import dev.ganforge.service.inference.SampleSpec;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The Open Inference Protocol (KServe v2) over HTTP, beside {@code /api/v1}: the clients, gateways and dashboards
 * written for Triton, KServe or MLServer work against ganforge. A generator is a model with input {@code z} (and
 * {@code label} when conditional, {@code code} and {@code c} for InfoGAN) and output {@code samples}, in JSON or with
 * the binary tensor data extension ({@link BinaryTensorData}). The operations are {@link InferenceProtocol}'s, which
 * the gRPC side shares. Errors are the protocol's {@code {"error": "…"}} (see {@code ProblemMappers}).
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "open inference protocol", description = "KServe v2 / Open Inference Protocol, REST")
public class OipResource {

    private final InferenceProtocol protocol;
    private final ObjectMapper json;

    public OipResource(InferenceProtocol protocol, ObjectMapper json) {
        this.protocol = protocol;
        this.json = json;
    }

    @GET
    @Operation(summary = "Server metadata; extensions: binary_tensor_data")
    public InferenceProtocol.ServerMetadata server() {
        return protocol.server();
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
        boolean up = protocol.ready();
        return Response.status(up ? 200 : 503).entity(Map.of("ready", up)).build();
    }

    @GET
    @Path("models/{name}")
    @Operation(summary = "Model metadata: loaded versions, inputs z (label, code, c where the model takes them), "
            + "output samples")
    @APIResponse(responseCode = "404", description = "Unknown model",
            content = @Content(schema = @Schema(implementation = OipError.class)))
    public ModelMetadataResponse metadata(@PathParam("name") String name) {
        return protocol.metadata(name, null);
    }

    @GET
    @Path("models/{name}/versions/{version}")
    @Operation(summary = "Metadata of one version")
    @APIResponse(responseCode = "404", description = "Unknown model or version",
            content = @Content(schema = @Schema(implementation = OipError.class)))
    public ModelMetadataResponse metadata(@PathParam("name") String name, @PathParam("version") String version) {
        return protocol.metadata(name, version);
    }

    @GET
    @Path("models/{name}/ready")
    @Operation(summary = "200 when the model serves (once the start-up replay is complete), 503 otherwise")
    public Response modelReady(@PathParam("name") String name) {
        return readiness(name, protocol.modelReady(name, null));
    }

    @GET
    @Path("models/{name}/versions/{version}/ready")
    @Operation(summary = "200 when the version is loaded (serving or standing by) and the start-up replay is "
            + "complete, 503 otherwise")
    public Response versionReady(@PathParam("name") String name, @PathParam("version") String version) {
        return readiness(name, protocol.modelReady(name, version));
    }

    @POST
    @Path("models/{name}/infer")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Generate samples",
            description = "Inputs z FP32 [n, latent] (label INT64 [n] for conditional models; code INT64 [n] and "
                    + "c FP32 [n, codes] for InfoGAN models); without z, parameters count, seed and label draw the "
                    + "latents as /api/v1 does (same seed and version, same samples). The response's parameters "
                    + "give the seed. Binary tensor data extension: a JSON header of Inference-Header-Content-Length "
                    + "bytes, then the inputs whose parameters give binary_data_size; outputs asked for with "
                    + "binary_data (or the request parameter binary_data_output) come back the same way, as "
                    + "application/octet-stream.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = InferRequest.class)))
    @APIResponse(responseCode = "200", description = "Output samples FP32 [n, …sample shape]",
            headers = @Header(name = BinaryTensorData.HEADER_LENGTH,
                    description = "Length of the JSON header when binary data follows it"),
            content = {@Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = InferResponse.class)),
                @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
                        schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "400", description = "Bad tensor, shape, datatype, parameter or binary data length",
            content = @Content(schema = @Schema(implementation = OipError.class)))
    @APIResponse(responseCode = "404", description = "Unknown model",
            content = @Content(schema = @Schema(implementation = OipError.class)))
    @APIResponse(responseCode = "429", description = "Too many concurrent requests",
            content = @Content(schema = @Schema(implementation = OipError.class)))
    @APIResponse(responseCode = "503", description = "No model loaded yet, or this replica is still replaying its "
            + "topics (it does not know yet which version serves); see Retry-After",
            content = @Content(schema = @Schema(implementation = OipError.class)))
    public CompletionStage<Response> infer(@PathParam("name") String name,
                                           @Parameter(description = "Length of the JSON header when binary tensor "
                                                   + "data follows it") @HeaderParam(BinaryTensorData.HEADER_LENGTH)
                                           String headerLength, byte[] body) throws IOException {
        return run(name, null, headerLength, body);
    }

    @POST
    @Path("models/{name}/versions/{version}/infer")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Generate samples from one loaded version (serving or standing by)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = InferRequest.class)))
    @APIResponse(responseCode = "404", description = "Unknown model or version, or a version not loaded",
            content = @Content(schema = @Schema(implementation = OipError.class)))
    public CompletionStage<Response> infer(@PathParam("name") String name, @PathParam("version") String version,
                                           @HeaderParam(BinaryTensorData.HEADER_LENGTH) String headerLength,
                                           byte[] body) throws IOException {
        return run(name, version, headerLength, body);
    }

    private CompletionStage<Response> run(String name, String version, String headerLength, byte[] body)
            throws IOException {
        BinaryTensorData.Body split = BinaryTensorData.split(body == null ? new byte[0] : body, headerLength, json);
        InferRequest request = split.header();
        SampleSpec spec = InferRequestReader.read(request, split.data());
        boolean binary = BinaryTensorData.wanted(request);
        return protocol.infer(name, version, spec).thenApply(samples -> respond(samples, request.id(), binary));
    }

    private Response respond(GeneratedSamples samples, String id, boolean binary) {
        List<Long> shape = samples.batch().shape().stream().map(Integer::longValue).toList();
        Map<String, Object> parameters = samples.seed() == null ? null : Map.of("seed", samples.seed());
        float[] values = samples.batch().data();
        if (!binary) {
            return Response.ok(new InferResponse(samples.model(), Long.toString(samples.version()), id, parameters,
                            List.of(new InferenceTensor(InferRequestReader.SAMPLES, "FP32", shape, null, values))),
                            MediaType.APPLICATION_JSON)
                    .header(ApiDefinition.MODEL_VERSION_HEADER, samples.version()).build();
        }
        byte[] data = TensorDatatype.raw(values);
        byte[] header;
        try {
            header = json.writeValueAsBytes(new InferResponse(samples.model(), Long.toString(samples.version()), id,
                    parameters, List.of(new InferenceTensor(InferRequestReader.SAMPLES, "FP32", shape,
                    BinaryTensorData.sizeParameter(data.length), null))));
        } catch (IOException e) {
            throw new IllegalStateException("could not write the response header", e);
        }
        return Response.ok(BinaryTensorData.join(header, data), MediaType.APPLICATION_OCTET_STREAM)
                .header(BinaryTensorData.HEADER_LENGTH, header.length)
                .header(ApiDefinition.MODEL_VERSION_HEADER, samples.version()).build();
    }

    private static Response readiness(String name, boolean ready) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("ready", ready);
        return Response.status(ready ? 200 : 503).entity(body).build();
    }
}
