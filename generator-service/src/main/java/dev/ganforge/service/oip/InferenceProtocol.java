package dev.ganforge.service.oip;

import dev.ganforge.service.health.ModelsLoadedCheck;
import dev.ganforge.service.inference.GeneratedSamples;
import dev.ganforge.service.inference.SampleSpec;
import dev.ganforge.service.inference.Sampler;
import dev.ganforge.service.inference.StartupGate;
import dev.ganforge.service.model.ModelRegistry;
import dev.ganforge.service.model.ModelUnavailableException;
import dev.ganforge.service.model.ModelVersionView;
import dev.ganforge.service.model.ModelView;
import dev.ganforge.service.model.UnknownModelException;
import dev.ganforge.service.model.VersionState;
import dev.ganforge.shared.model.ModelMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The Open Inference Protocol's operations, whatever the transport ({@link OipResource} over HTTP,
 * {@code oip.grpc.InferenceGrpcService} over gRPC): server metadata and health, model metadata and readiness, and
 * inference through the same {@link Sampler} as {@code /api/v1} (batcher, concurrency limit, pins).
 */
@ApplicationScoped
public class InferenceProtocol {

    /** What Triton calls an ONNX Runtime model. */
    static final String PLATFORM = "onnxruntime_onnx";
    static final String SERVER_NAME = "ganforge";

    private final ModelRegistry registry;
    private final Sampler sampler;
    private final ModelsLoadedCheck readiness;
    private final StartupGate startup;
    private final String version;

    public InferenceProtocol(ModelRegistry registry, Sampler sampler, @Readiness ModelsLoadedCheck readiness,
                             StartupGate startup,
                             @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev")
                             String version) {
        this.registry = registry;
        this.sampler = sampler;
        this.readiness = readiness;
        this.startup = startup;
        this.version = version;
    }

    /** Server metadata. */
    public record ServerMetadata(String name, String version, List<String> extensions) {
    }

    public ServerMetadata server() {
        return new ServerMetadata(SERVER_NAME, version, List.of(BinaryTensorData.EXTENSION));
    }

    /** Ready once the models topic is replayed and a model serves, as {@code /q/health/ready}. */
    public boolean ready() {
        return readiness.call().getStatus() == HealthCheckResponse.Status.UP;
    }

    /**
     * Whether the model serves ({@code version} null) or that version is loaded (serving or standing by); never before
     * the start-up replay is complete, when inference would answer not-ready.
     *
     * @throws UnknownModelException for an unknown model or version
     */
    public boolean modelReady(String name, String version) {
        ModelView model = registry.model(name);
        if (startup.pending().isPresent()) {
            return false;
        }
        if (version == null) {
            return model.activeVersion() != null;
        }
        return loaded(view(model, versionNumber(name, version)));
    }

    /**
     * Loaded versions and the tensors a generator takes and gives: {@code version}'s, or the serving version's when
     * null. InfoGAN's {@code code} and {@code c} are inputs of their own that set the codes at the end of {@code z}
     * (the ONNX model's one latent input), so a client may give them with or without {@code z}.
     */
    public ModelMetadataResponse metadata(String name, String version) {
        ModelView model = registry.model(name);
        Long wanted = version != null ? versionNumber(name, version) : model.activeVersion();
        if (wanted == null) {
            throw new ModelUnavailableException("model '" + name + "' has no servable version");
        }
        ModelMetadata md = view(model, wanted).metadata();
        List<String> versions = model.versions().stream().filter(InferenceProtocol::loaded)
                .map(v -> Long.toString(v.version())).toList();
        List<ModelMetadataResponse.TensorMetadata> inputs = new ArrayList<>();
        inputs.add(tensor(InferRequestReader.LATENTS, "FP32", -1L, (long) md.latentSize()));
        if (md.conditional()) {
            inputs.add(tensor(InferRequestReader.LABELS, "INT64", -1L));
        }
        if (md.latentCodes() != null) {
            inputs.add(tensor(InferRequestReader.CODE, "INT64", -1L));
            inputs.add(tensor(InferRequestReader.CONTINUOUS_CODES, "FP32", -1L,
                    (long) md.latentCodes().continuous()));
        }
        List<Long> outputShape = new ArrayList<>();
        outputShape.add(-1L);
        md.outputShape().forEach(d -> outputShape.add(d.longValue()));
        return new ModelMetadataResponse(name, versions, PLATFORM, inputs,
                List.of(new ModelMetadataResponse.TensorMetadata(InferRequestReader.SAMPLES, "FP32", outputShape)));
    }

    /**
     * Runs a request on the serving version ({@code version} null) or on that loaded version. The model is looked up
     * once, by the sampler's lease.
     */
    public CompletionStage<GeneratedSamples> infer(String name, String version, SampleSpec spec) {
        return sampler.sampleAsync(name, version == null ? null : versionNumber(name, version), spec);
    }

    private static ModelMetadataResponse.TensorMetadata tensor(String name, String datatype, Long... shape) {
        return new ModelMetadataResponse.TensorMetadata(name, datatype, List.of(shape));
    }

    private static ModelVersionView view(ModelView model, long version) {
        return model.versions().stream().filter(v -> v.version() == version && v.metadata() != null).findFirst()
                .orElseThrow(() -> new UnknownModelException("model '" + model.name() + "' has no version "
                        + version));
    }

    private static boolean loaded(ModelVersionView view) {
        return view.state() == VersionState.ACTIVE || view.state() == VersionState.STANDBY;
    }

    private static long versionNumber(String name, String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw new UnknownModelException("model '" + name + "' has no version '" + version
                    + "' (versions are numbers)");
        }
    }
}
