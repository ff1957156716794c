package dev.ganforge.service.api;

import dev.ganforge.service.inference.GeneratedSamples;
import dev.ganforge.service.inference.GeneratorRunException;
import dev.ganforge.service.inference.SampleSpec;
import dev.ganforge.service.inference.Sampler;
import dev.ganforge.shared.contract.ServicePaths;
import dev.ganforge.shared.model.NpyFormat;
import dev.ganforge.shared.model.SampleBatch;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Samples and latent walks from the serving version of a model. Open to anyone. */
@Path(ServicePaths.MODEL)
@Tag(name = "samples")
public class SamplesResource {

    private static final String NOT_SERVING = "No model loaded yet (model-unavailable), or this replica is still "
            + "replaying its topics and does not know yet which version serves (not-ready); see Retry-After";
    private static final String FORMAT_DESCRIPTION = "png (default), json, or npy (float32 NumPy array, numpy.load)";

    private final Sampler sampler;
    private final SampleImages images;
    private final MeterRegistry meters;

    public SamplesResource(Sampler sampler, SampleImages images, MeterRegistry meters) {
        this.sampler = sampler;
        this.images = images;
        this.meters = meters;
    }

    @GET
    @Path(ServicePaths.SAMPLES)
    @Operation(summary = "Generate samples",
            description = "Same seed and model version give the same samples. Conditional models cycle through "
                    + "their classes unless a label is given.")
    @APIResponse(responseCode = "200", description = "A PNG grid, or the samples as JSON or as a NumPy .npy array",
            headers = {@Header(name = ApiDefinition.MODEL_VERSION_HEADER, description = "Version that generated them"),
                @Header(name = ApiDefinition.SEED_HEADER, description = "Seed of the latents")},
            content = {@Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SampleBatch.class)),
                @Content(mediaType = NpyFormat.MEDIA_TYPE,
                        schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "400", description = "Bad count, label, seed or format",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown model",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Too many concurrent requests; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = NOT_SERVING,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CompletionStage<Response> samples(
            @Parameter(description = "Model name") @PathParam("name") String name,
            @Parameter(description = "Number of samples, 1..ganforge.sampling.max-count")
            @QueryParam("count") String count,
            @Parameter(description = "Seed of the latent vectors; random when absent") @QueryParam("seed") String seed,
            @Parameter(description = "Class for every sample (conditional models only)")
            @QueryParam("label") String label,
            @Parameter(description = FORMAT_DESCRIPTION) @QueryParam("format") String format,
            @Parameter(description = "InfoGAN models: the categorical code of every sample")
            @QueryParam("code") String code,
            @Parameter(description = "InfoGAN models: the continuous codes of every sample, comma-separated, each in "
                    + "[-1, 1]") @QueryParam("c") String c) {
        SampleFormat sampleFormat = SampleFormat.parse(format);
        Integer labelValue = QueryValues.optionalInt("label", label);
        SampleSpec spec = new SampleSpec(QueryValues.optionalInt("count", count),
                QueryValues.optionalLong("seed", seed), labelValue == null ? null : List.of(labelValue), null,
                QueryValues.optionalInt("code", code), QueryValues.optionalFloats("c", c));
        return sample(name, spec, sampleFormat);
    }

    @GET
    @Path("sweep")
    @Operation(summary = "Sweep a continuous latent code (InfoGAN models)",
            description = "A PNG grid over one seed's noise: one row per category (or only the given code's), the "
                    + "continuous code 'vary' going from -1 to 1 along each row, the other codes at 0.")
    @APIResponse(responseCode = "200", description = "PNG grid",
            headers = @Header(name = ApiDefinition.MODEL_VERSION_HEADER, description = "Version that generated it"),
            content = @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "400", description = "Not an InfoGAN model, bad code, vary or steps",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown model",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = NOT_SERVING,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response sweep(
            @Parameter(description = "Model name") @PathParam("name") String name,
            @Parameter(description = "Seed of the noise (default 0)") @QueryParam("seed") String seed,
            @Parameter(description = "Only this category's row") @QueryParam("code") String code,
            @Parameter(description = "Which continuous code to vary, 1.. (default 1)") @QueryParam("vary") String vary,
            @Parameter(description = "Samples per row (default 8)") @QueryParam("steps") String steps) {
        Long seedValue = QueryValues.optionalLong("seed", seed);
        Integer codeValue = QueryValues.optionalInt("code", code);
        Integer varyValue = QueryValues.optionalInt("vary", vary);
        Integer stepCount = QueryValues.optionalInt("steps", steps);
        int columns = stepCount == null ? 8 : stepCount;
        return timed(name, "sweep", () -> {
            GeneratedSamples samples = sampler.sweep(name, seedValue == null ? 0 : seedValue, codeValue,
                    varyValue == null ? 1 : varyValue, columns);
            return Response.ok(images.grid(samples, columns), "image/png")
                    .header(ApiDefinition.MODEL_VERSION_HEADER, samples.version())
                    .build();
        });
    }

    @POST
    @Path(ServicePaths.SAMPLES)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Generate samples from a JSON request",
            description = "Body fields are all optional: count, seed, labels (one or one per sample) and latents "
                    + "(explicit latent vectors, which override the seed).")
    @APIResponse(responseCode = "200", description = "A PNG grid, or the samples as JSON or as a NumPy .npy array",
            headers = @Header(name = ApiDefinition.MODEL_VERSION_HEADER, description = "Version that generated them"),
            content = {@Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SampleBatch.class)),
                @Content(mediaType = NpyFormat.MEDIA_TYPE,
                        schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "400", description = "Malformed JSON, bad count, labels or latent size",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown model",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Too many concurrent requests",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = NOT_SERVING,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CompletionStage<Response> samples(
            @Parameter(description = "Model name") @PathParam("name") String name,
            @Parameter(description = FORMAT_DESCRIPTION) @QueryParam("format") String format,
            SampleSpec body) {
        SampleFormat sampleFormat = SampleFormat.parse(format);
        SampleSpec spec = body == null ? new SampleSpec(null, null, null, null) : body;
        return sample(name, spec, sampleFormat);
    }

    @GET
    @Path("interpolate")
    @Operation(summary = "Walk the latent space between two seeds",
            description = "A PNG strip of steps samples from the latent of seed 'from' to that of seed 'to' "
                    + "(spherical interpolation for normal latents, linear for uniform ones).")
    @APIResponse(responseCode = "200", description = "PNG strip",
            headers = @Header(name = ApiDefinition.MODEL_VERSION_HEADER, description = "Version that generated it"),
            content = @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "400", description = "Missing seeds, steps out of range, bad label",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown model",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = NOT_SERVING,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response interpolate(
            @Parameter(description = "Model name") @PathParam("name") String name,
            @Parameter(description = "Seed of the first latent", required = true) @QueryParam("from") String from,
            @Parameter(description = "Seed of the last latent", required = true) @QueryParam("to") String to,
            @Parameter(description = "Samples along the way, 2..ganforge.sampling.max-interpolation-steps (default 8)")
            @QueryParam("steps") String steps,
            @Parameter(description = "Class (conditional models only)") @QueryParam("label") String label) {
        long fromSeed = QueryValues.requiredLong("from", from);
        long toSeed = QueryValues.requiredLong("to", to);
        Integer stepCount = QueryValues.optionalInt("steps", steps);
        Integer labelValue = QueryValues.optionalInt("label", label);
        return timed(name, "interpolate", () -> {
            GeneratedSamples samples = sampler.interpolate(name, fromSeed, toSeed,
                    stepCount == null ? 8 : stepCount, labelValue);
            return Response.ok(images.strip(samples), "image/png")
                    .header(ApiDefinition.MODEL_VERSION_HEADER, samples.version())
                    .build();
        });
    }

    /**
     * Runs on the event loop and answers from the batcher's thread: no worker thread is parked per request, and
     * JSON and npy are written by the event loop directly. PNG rendering is CPU work, so it moves to a worker
     * thread.
     */
    private CompletionStage<Response> sample(String name, SampleSpec spec, SampleFormat format) {
        Timer.Sample started = Timer.start(meters);
        CompletionStage<Response> response;
        try {
            CompletionStage<GeneratedSamples> samples = sampler.sampleAsync(name, spec);
            response = format == SampleFormat.PNG
                    ? samples.thenApplyAsync(generated -> respond(generated, format),
                            Infrastructure.getDefaultWorkerPool())
                    : samples.thenApply(generated -> respond(generated, format));
        } catch (RuntimeException e) {
            stop(started, "samples", name, null, e);
            throw e;
        }
        return response.whenComplete((answer, failure) -> stop(started, "samples", name, answer, failure));
    }

    private Response respond(GeneratedSamples samples, SampleFormat format) {
        Object body = switch (format) {
            case PNG -> images.grid(samples);
            case JSON -> samples.batch();
            case NPY -> NpyFormat.write(samples.batch());
        };
        Response.ResponseBuilder response = Response.ok(body, format.mediaType);
        response.header(ApiDefinition.MODEL_VERSION_HEADER, samples.version());
        if (samples.seed() != null) {
            response.header(ApiDefinition.SEED_HEADER, samples.seed());
        }
        return response.build();
    }

    private Response timed(String model, String endpoint, Supplier<Response> work) {
        Timer.Sample started = Timer.start(meters);
        try {
            Response response = work.get();
            stop(started, endpoint, model, response, null);
            return response;
        } catch (RuntimeException e) {
            stop(started, endpoint, model, null, e);
            throw e;
        }
    }

    /**
     * Requests, latency and errors per endpoint, model and the version that drew the request (under a canary
     * split, the two versions side by side). A request whose generator run failed counts under its model and the
     * version that drew it; any other failed request under model {@code unknown} and version {@code none}: the
     * name is the client's, and must not grow the series without bound.
     */
    private void stop(Timer.Sample started, String endpoint, String model, Response answer, Throwable failure) {
        String version = answer == null ? null : answer.getHeaderString(ApiDefinition.MODEL_VERSION_HEADER);
        String served = answer == null ? "unknown" : model;
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        if (cause instanceof GeneratorRunException run) {
            served = run.model();
            version = String.valueOf(run.version());
        }
        started.stop(Timer.builder("ganforge.samples.duration")
                .description("Time to generate and encode samples")
                .tag("endpoint", endpoint)
                .tag("model", served)
                .tag("version", version == null ? "none" : version)
                .tag("outcome", answer == null ? "error" : "ok")
                .publishPercentileHistogram()
                .register(meters));
    }
}
