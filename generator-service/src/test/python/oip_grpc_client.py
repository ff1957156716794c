#!/usr/bin/env python3
"""A client of the Open Inference Protocol's gRPC side that shares no code with ganforge: Python's grpcio, and
message classes compiled here and now by grpc_tools from the published grpc_predict_v2.proto. It calls every RPC
ganforge serves and writes what came back as JSON, which InferenceGrpcPythonClientTest checks against the ONNX
model run directly.

usage: oip_grpc_client.py TARGET PROTO REQUEST.json RESULT.json
  REQUEST.json: {"model": name, "z": [[...], ...], "label": [...], "seed": n, "count": n, "seed_label": n}
"""
import json
import os
import sys
import tempfile

import grpc
import numpy as np
from grpc_tools import protoc


def compile_proto(proto):
    out = tempfile.mkdtemp(prefix="oip-proto-")
    folder, name = os.path.split(os.path.abspath(proto))
    if protoc.main(["grpc_tools.protoc", "-I" + folder, "--python_out=" + out, "--grpc_python_out=" + out, name]):
        raise SystemExit("protoc failed on " + proto)
    sys.path.insert(0, out)
    import grpc_predict_v2_pb2 as pb
    import grpc_predict_v2_pb2_grpc as pb_grpc
    return pb, pb_grpc


def tensor_metadata(tensors):
    return [{"name": t.name, "datatype": t.datatype, "shape": list(t.shape)} for t in tensors]


def samples(response):
    out = response.outputs[0]
    values = np.frombuffer(response.raw_output_contents[0], dtype="<f4")
    return {"model_name": response.model_name, "model_version": response.model_version, "id": response.id,
            "name": out.name, "datatype": out.datatype, "shape": list(out.shape),
            "parameters": {k: v.int64_param for k, v in response.parameters.items()},
            "raw_bytes": len(response.raw_output_contents[0]), "data": [float(v) for v in values]}


def error_code(call):
    try:
        call()
    except grpc.RpcError as e:
        return e.code().name
    return "OK"


def main(target, proto, request_file, result_file):
    pb, pb_grpc = compile_proto(proto)
    with open(request_file) as f:
        request = json.load(f)
    model = request["model"]
    z = np.asarray(request["z"], dtype=np.float32)
    label = np.asarray(request["label"], dtype=np.int64)
    result = {}
    with grpc.insecure_channel(target) as channel:
        grpc.channel_ready_future(channel).result(timeout=30)
        stub = pb_grpc.GRPCInferenceServiceStub(channel)
        result["live"] = stub.ServerLive(pb.ServerLiveRequest()).live
        result["ready"] = stub.ServerReady(pb.ServerReadyRequest()).ready
        server = stub.ServerMetadata(pb.ServerMetadataRequest())
        result["server"] = {"name": server.name, "version": server.version, "extensions": list(server.extensions)}
        result["model_ready"] = stub.ModelReady(pb.ModelReadyRequest(name=model)).ready
        result["version_ready"] = stub.ModelReady(pb.ModelReadyRequest(name=model, version="1")).ready
        metadata = stub.ModelMetadata(pb.ModelMetadataRequest(name=model))
        result["metadata"] = {"name": metadata.name, "versions": list(metadata.versions),
                              "platform": metadata.platform, "inputs": tensor_metadata(metadata.inputs),
                              "outputs": tensor_metadata(metadata.outputs)}

        # The latents as raw bytes (little-endian, row-major), as Triton's clients send them.
        raw = pb.ModelInferRequest(model_name=model, id="py-raw")
        raw.inputs.add(name="z", datatype="FP32", shape=list(z.shape))
        raw.inputs.add(name="label", datatype="INT64", shape=list(label.shape))
        raw.outputs.add(name="samples")
        raw.raw_input_contents.extend([z.astype("<f4").tobytes(), label.astype("<i8").tobytes()])
        result["infer_raw"] = samples(stub.ModelInfer(raw))

        # The same latents as typed contents, from one chosen version.
        typed = pb.ModelInferRequest(model_name=model, model_version="1", id="py-typed")
        zt = typed.inputs.add(name="z", datatype="FP32", shape=list(z.shape))
        zt.contents.fp32_contents.extend(z.flatten().tolist())
        lt = typed.inputs.add(name="label", datatype="INT64", shape=list(label.shape))
        lt.contents.int64_contents.extend(label.tolist())
        result["infer_typed"] = samples(stub.ModelInfer(typed))

        # No latents: parameters draw them from the seed, as /api/v1 does.
        drawn = pb.ModelInferRequest(model_name=model)
        drawn.parameters["count"].int64_param = request["count"]
        drawn.parameters["seed"].int64_param = request["seed"]
        drawn.parameters["label"].int64_param = request["seed_label"]
        result["infer_seeded"] = samples(stub.ModelInfer(drawn))

        unknown = pb.ModelInferRequest(model_name="no-such-model")
        result["unknown_model"] = error_code(lambda: stub.ModelInfer(unknown))
        bad = pb.ModelInferRequest(model_name=model)
        bad.inputs.add(name="z", datatype="FP32", shape=[1, 8])
        bad.raw_input_contents.append(b"\0" * 28)
        result["bad_raw_length"] = error_code(lambda: stub.ModelInfer(bad))
        result["unknown_model_ready"] = error_code(lambda: stub.ModelReady(pb.ModelReadyRequest(name="nope")))
    with open(result_file, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main(*sys.argv[1:])
