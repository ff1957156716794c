package dev.ganforge.service.oip;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ganforge.service.inference.InvalidSampleRequestException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The protocol's binary tensor data extension (Triton's, adopted by KServe): a body is a JSON header of
 * {@code Inference-Header-Content-Length} bytes followed by raw tensor data (little-endian, row-major, no padding),
 * each binary tensor saying how many bytes it takes in its {@code binary_data_size} parameter, in the order the
 * tensors appear in the header. A client asks for binary outputs with {@code "binary_data": true} on a requested
 * output, or {@code "binary_data_output": true} among the request's parameters (an output's own setting wins).
 */
public final class BinaryTensorData {

    /** What server metadata lists among its extensions. */
    public static final String EXTENSION = "binary_tensor_data";
    public static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    public static final String SIZE = "binary_data_size";
    static final String WANTED = "binary_data";
    static final String ALL_OUTPUTS = "binary_data_output";

    private BinaryTensorData() {
    }

    /** A request body split into its JSON header and the binary data after it (empty when there is none). */
    public record Body(InferRequest header, ByteBuffer data) {
    }

    /**
     * Splits {@code body}: without {@code headerLength} it is JSON only.
     *
     * @throws InvalidSampleRequestException when the length is not a byte count within the body
     * @throws IOException when the header is not the JSON of an inference request
     */
    public static Body split(byte[] body, String headerLength, ObjectMapper json) throws IOException {
        int length = body.length;
        if (headerLength != null) {
            try {
                length = Integer.parseInt(headerLength.trim());
            } catch (NumberFormatException e) {
                throw new InvalidSampleRequestException(HEADER_LENGTH + " must be a byte count, is '" + headerLength
                        + "'");
            }
            if (length < 1 || length > body.length) {
                throw new InvalidSampleRequestException(HEADER_LENGTH + " is " + length + ", but the body has "
                        + body.length + " bytes and must start with the JSON header");
            }
        }
        InferRequest header = length == 0 ? null : json.readValue(body, 0, length, InferRequest.class);
        return new Body(header, ByteBuffer.wrap(body, length, body.length - length).slice());
    }

    /** Whether the client wants the {@code samples} output as binary data. */
    public static boolean wanted(InferRequest request) {
        if (request.outputs() != null) {
            for (InferRequest.RequestedOutput output : request.outputs()) {
                Object own = output.parameters() == null ? null : output.parameters().get(WANTED);
                if (own != null) {
                    return isTrue(own);
                }
            }
        }
        Object all = request.parameters() == null ? null : request.parameters().get(ALL_OUTPUTS);
        return all != null && isTrue(all);
    }

    private static boolean isTrue(Object value) {
        if (value instanceof Boolean flag) {
            return flag;
        }
        throw new InvalidSampleRequestException(WANTED + " and " + ALL_OUTPUTS + " are true or false, not " + value);
    }

    /** The parameters of an output sent as {@code bytes} of binary data. */
    public static Map<String, Object> sizeParameter(int bytes) {
        return Map.of(SIZE, bytes);
    }

    /** A response body: the JSON header, then the data. */
    public static byte[] join(byte[] header, byte[] data) {
        byte[] body = new byte[header.length + data.length];
        System.arraycopy(header, 0, body, 0, header.length);
        System.arraycopy(data, 0, body, header.length, data.length);
        return body;
    }
}
