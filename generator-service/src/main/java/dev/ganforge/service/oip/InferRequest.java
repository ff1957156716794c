package dev.ganforge.service.oip;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /v2/models/{name}/infer}'s body.
 *
 * @param id         echoed in the response
 * @param parameters {@code count}, {@code seed} and {@code label} draw the latents as {@code /api/v1} does when no
 *                   {@code z} input is given; {@code code} and {@code c} (a number or a list) fix an InfoGAN
 *                   model's categorical and continuous codes
 * @param inputs     {@code z} FP32 {@code [n, latent]} and, for conditional models, {@code label} INT64 {@code [n]}
 * @param outputs    the outputs wanted; only {@code samples} exists, and it is the default
 */
public record InferRequest(String id, Map<String, Object> parameters, List<InferenceTensor> inputs,
                           List<RequestedOutput> outputs) {

    /** An output the client asks for. */
    public record RequestedOutput(String name, Map<String, Object> parameters) {
    }
}
