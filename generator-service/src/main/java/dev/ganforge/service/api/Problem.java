package dev.ganforge.service.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem details body, served as {@code application/problem+json}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "RFC 9457 problem details")
public record Problem(URI type, String title, int status, String detail, URI instance) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** Problem types are documented in docs/service.md under this prefix. */
    public static URI type(String slug) {
        return URI.create("https://ganforge.dev/problems/" + slug);
    }
}
