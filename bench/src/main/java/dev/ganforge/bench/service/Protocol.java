package dev.ganforge.bench.service;

/** The ways the service hands out samples that {@code ganforge bench protocols} compares. */
public enum Protocol {
    /** {@code GET /api/v1/models/{name}/samples?count=N&format=npy}: float32 in an .npy array. */
    API_V1_NPY("api/v1 npy"),
    /** {@code POST /v2/models/{name}/infer}, the Open Inference Protocol over HTTP with JSON data. */
    OIP_JSON("OIP JSON"),
    /** The same with the binary tensor data extension: the samples as raw little-endian float32. */
    OIP_BINARY("OIP binary"),
    /** {@code inference.GRPCInferenceService/ModelInfer}: the samples as {@code raw_output_contents}. */
    GRPC("gRPC");

    private final String label;

    Protocol(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
