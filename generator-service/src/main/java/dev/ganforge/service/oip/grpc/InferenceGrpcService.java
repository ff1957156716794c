package dev.ganforge.service.oip.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.ganforge.service.inference.GeneratedSamples;
import dev.ganforge.service.inference.InvalidSampleRequestException;
import dev.ganforge.service.inference.NotReadyException;
import dev.ganforge.service.inference.SampleSpec;
import dev.ganforge.service.inference.TooManyRequestsException;
import dev.ganforge.service.model.ModelUnavailableException;
import dev.ganforge.service.model.UnknownModelException;
import dev.ganforge.service.model.VersionNotServableException;
import dev.ganforge.service.oip.InferRequestReader;
import dev.ganforge.service.oip.InferenceProtocol;
import dev.ganforge.service.oip.InputTensor;
import dev.ganforge.service.oip.ModelMetadataResponse.TensorMetadata;
import dev.ganforge.service.oip.TensorDatatype;
import dev.ganforge.service.oip.grpc.v2.GRPCInferenceService;
import dev.ganforge.service.oip.grpc.v2.InferParameter;
import dev.ganforge.service.oip.grpc.v2.InferTensorContents;
import dev.ganforge.service.oip.grpc.v2.ModelInferRequest;
import dev.ganforge.service.oip.grpc.v2.ModelInferResponse;
import dev.ganforge.service.oip.grpc.v2.ModelMetadataRequest;
import dev.ganforge.service.oip.grpc.v2.ModelMetadataResponse;
import dev.ganforge.service.oip.grpc.v2.ModelReadyRequest;
import dev.ganforge.service.oip.grpc.v2.ModelReadyResponse;
import dev.ganforge.service.oip.grpc.v2.ServerLiveRequest;
import dev.ganforge.service.oip.grpc.v2.ServerLiveResponse;
import dev.ganforge.service.oip.grpc.v2.ServerMetadataRequest;
import dev.ganforge.service.oip.grpc.v2.ServerMetadataResponse;
import dev.ganforge.service.oip.grpc.v2.ServerReadyRequest;
import dev.ganforge.service.oip.grpc.v2.ServerReadyResponse;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The Open Inference Protocol over gRPC: {@code inference.GRPCInferenceService} from the published
 * {@code grpc_predict_v2.proto}, on its own port ({@code ganforge.grpc.port}). Requests are read by the same
 * {@link InferRequestReader} and run by the same {@link InferenceProtocol} (so the same sampler, batcher, concurrency
 * limit and pins) as {@code /v2} over HTTP; samples leave as {@code raw_output_contents}. With
 * {@code ganforge.grpc.enabled=false}, {@link GrpcSwitch} refuses every call with UNIMPLEMENTED.
 */
@GrpcService
public class InferenceGrpcService implements GRPCInferenceService {

    private static final Logger LOG = Logger.getLogger(InferenceGrpcService.class);

    private final InferenceProtocol protocol;

    public InferenceGrpcService(InferenceProtocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public Uni<ServerLiveResponse> serverLive(ServerLiveRequest request) {
        return Uni.createFrom().item(ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public Uni<ServerReadyResponse> serverReady(ServerReadyRequest request) {
        return answer(() -> ServerReadyResponse.newBuilder().setReady(protocol.ready()).build());
    }

    @Override
    public Uni<ModelReadyResponse> modelReady(ModelReadyRequest request) {
        return answer(() -> ModelReadyResponse.newBuilder()
                .setReady(protocol.modelReady(request.getName(), version(request.getVersion()))).build());
    }

    @Override
    public Uni<ServerMetadataResponse> serverMetadata(ServerMetadataRequest request) {
        InferenceProtocol.ServerMetadata server = protocol.server();
        return Uni.createFrom().item(ServerMetadataResponse.newBuilder().setName(server.name())
                .setVersion(server.version()).addAllExtensions(server.extensions()).build());
    }

    @Override
    public Uni<ModelMetadataResponse> modelMetadata(ModelMetadataRequest request) {
        return answer(() -> {
            var metadata = protocol.metadata(request.getName(), version(request.getVersion()));
            return ModelMetadataResponse.newBuilder().setName(metadata.name()).addAllVersions(metadata.versions())
                    .setPlatform(metadata.platform())
                    .addAllInputs(metadata.inputs().stream().map(InferenceGrpcService::tensor).toList())
                    .addAllOutputs(metadata.outputs().stream().map(InferenceGrpcService::tensor).toList())
                    .build();
        });
    }

    @Override
    public Uni<ModelInferResponse> modelInfer(ModelInferRequest request) {
        return Uni.createFrom().completionStage(() -> {
                    SampleSpec spec = InferRequestReader.read(inputs(request), parameters(request.getParametersMap()),
                            request.getOutputsList().stream().map(ModelInferRequest.InferRequestedOutputTensor::getName)
                                    .toList());
                    return protocol.infer(request.getModelName(), version(request.getModelVersion()), spec);
                })
                .map(samples -> response(samples, request.getId()))
                .onFailure().transform(InferenceGrpcService::status);
    }

    private static ModelInferResponse response(GeneratedSamples samples, String id) {
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder().setModelName(samples.model())
                .setModelVersion(Long.toString(samples.version())).setId(id)
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName(InferRequestReader.SAMPLES)
                        .setDatatype(TensorDatatype.FP32.name())
                        .addAllShape(samples.batch().shape().stream().map(Integer::longValue).toList()))
                .addRawOutputContents(UnsafeByteOperations.unsafeWrap(TensorDatatype.raw(samples.batch().data())));
        if (samples.seed() != null) {
            response.putParameters("seed", InferParameter.newBuilder().setInt64Param(samples.seed()).build());
        }
        return response.build();
    }

    /** The request's inputs, from {@code raw_input_contents} (one per input, in order) or each one's typed contents. */
    private static List<InputTensor> inputs(ModelInferRequest request) {
        int raw = request.getRawInputContentsCount();
        if (raw > 0 && raw != request.getInputsCount()) {
            throw new InvalidSampleRequestException("raw_input_contents has " + raw + " entries for "
                    + request.getInputsCount() + " inputs; give one per input, in order");
        }
        List<InputTensor> inputs = new ArrayList<>();
        for (int i = 0; i < request.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor input = request.getInputs(i);
            double[] values;
            if (raw > 0) {
                if (input.hasContents()) {
                    throw new InvalidSampleRequestException("input " + input.getName() + " has contents while the "
                            + "request uses raw_input_contents; use one or the other");
                }
                values = rawValues(input, request.getRawInputContents(i));
            } else {
                values = typedValues(input);
            }
            inputs.add(new InputTensor(input.getName(), input.getDatatype(), input.getShapeList(), values));
        }
        return inputs;
    }

    private static double[] rawValues(ModelInferRequest.InferInputTensor input, ByteString bytes) {
        TensorDatatype type = TensorDatatype.of(input.getName(), input.getDatatype());
        long elements = InputTensor.elements(input.getName(), input.getShapeList());
        if (bytes.size() != elements * type.bytes()) {
            throw new InvalidSampleRequestException("input " + input.getName() + "'s raw contents are "
                    + bytes.size() + " bytes, but " + elements + " " + type + " values of shape "
                    + input.getShapeList() + " are " + elements * type.bytes());
        }
        return type.read(bytes.asReadOnlyByteBuffer(), (int) elements);
    }

    private static double[] typedValues(ModelInferRequest.InferInputTensor input) {
        InferTensorContents contents = input.getContents();
        return switch (input.getDatatype()) {
            case "FP32" -> contents.getFp32ContentsList().stream().mapToDouble(Float::doubleValue).toArray();
            case "FP64" -> contents.getFp64ContentsList().stream().mapToDouble(Double::doubleValue).toArray();
            case "INT64" -> contents.getInt64ContentsList().stream().mapToDouble(Long::doubleValue).toArray();
            case "INT32", "INT16", "INT8" -> contents.getIntContentsList().stream().mapToDouble(Integer::doubleValue)
                    .toArray();
            default -> throw new InvalidSampleRequestException("input " + input.getName() + " has datatype "
                    + input.getDatatype() + ", which a generator does not take");
        };
    }

    private static Map<String, Object> parameters(Map<String, InferParameter> given) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        given.forEach((key, value) -> parameters.put(key, switch (value.getParameterChoiceCase()) {
            case BOOL_PARAM -> value.getBoolParam();
            case INT64_PARAM -> value.getInt64Param();
            case STRING_PARAM -> value.getStringParam();
            case PARAMETERCHOICE_NOT_SET -> null;
        }));
        return parameters;
    }

    private static ModelMetadataResponse.TensorMetadata tensor(TensorMetadata tensor) {
        return ModelMetadataResponse.TensorMetadata.newBuilder().setName(tensor.name())
                .setDatatype(tensor.datatype()).addAllShape(tensor.shape()).build();
    }

    /** The protocol leaves the version empty for "the one the server chooses". */
    private static String version(String version) {
        return version == null || version.isEmpty() ? null : version;
    }

    private static <T> Uni<T> answer(Supplier<T> work) {
        return Uni.createFrom().item(work).onFailure().transform(InferenceGrpcService::status);
    }

    /** The gRPC status of a failure, as HTTP's status is chosen by {@code ProblemMappers}. */
    private static Throwable status(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        Status status;
        if (cause instanceof InvalidSampleRequestException) {
            status = Status.INVALID_ARGUMENT;
        } else if (cause instanceof UnknownModelException || cause instanceof VersionNotServableException) {
            status = Status.NOT_FOUND;
        } else if (cause instanceof ModelUnavailableException || cause instanceof NotReadyException) {
            status = Status.UNAVAILABLE;
        } else if (cause instanceof TooManyRequestsException) {
            status = Status.RESOURCE_EXHAUSTED;
        } else {
            LOG.error("gRPC inference failed", cause);
            return Status.INTERNAL.withDescription("the service failed; see its log").asRuntimeException();
        }
        return status.withDescription(cause.getMessage()).asRuntimeException();
    }
}
