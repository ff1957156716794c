package dev.ganforge.service.oip;

/** The protocol's error body, {@code {"error": "…"}}, which clients of every OIP server read. */
public record OipError(String error) {

    /** Paths of the protocol, whose errors take this form instead of RFC 9457's problem. */
    public static boolean isProtocolPath(String path) {
        String p = path == null ? "" : path.startsWith("/") ? path : "/" + path;
        return p.equals("/v2") || p.startsWith("/v2/");
    }
}
