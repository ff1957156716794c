package dev.ganforge.service.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.ganforge.service.inference.InvalidSampleRequestException;
import dev.ganforge.service.inference.NotReadyException;
import dev.ganforge.service.inference.TooManyRequestsException;
import dev.ganforge.service.model.ModelUnavailableException;
import dev.ganforge.service.model.UnknownModelException;
import dev.ganforge.service.model.VersionNotServableException;
import dev.ganforge.service.oip.OipError;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Set;
import org.jboss.logging.Logger;
import dev.ganforge.service.messaging.RoutingUnavailableException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves as an RFC 9457 problem. Client mistakes get their 4xx, including those JAX-RS and
 * Jackson detect before our code runs (malformed JSON, wrong types, unknown paths, wrong methods); only a bug
 * of ours is a 500, and its details stay in the log.
 */
public class ProblemMappers {

    static final String RETRY_AFTER_UNAVAILABLE = "5";
    static final String RETRY_AFTER_BUSY = "1";
    /** A start-up replay takes seconds (docs/service.md, "Readiness"). */
    static final String RETRY_AFTER_NOT_READY = "2";

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.status(), e.slug(), e.title(), e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response unknownModel(UnknownModelException e, UriInfo uri) {
        return respond(404, "unknown-model", "Unknown model", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response unavailable(ModelUnavailableException e, UriInfo uri) {
        return Response.fromResponse(respond(503, "model-unavailable", "No model loaded", e.getMessage(), uri))
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_UNAVAILABLE).build();
    }

    @ServerExceptionMapper
    public Response notReady(NotReadyException e, UriInfo uri) {
        return Response.fromResponse(respond(503, "not-ready", "Replica not ready", e.getMessage(), uri))
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_NOT_READY).build();
    }

    @ServerExceptionMapper
    public Response routingUnavailable(RoutingUnavailableException e, UriInfo uri) {
        return respond(503, "routing-unavailable", "Routing not available", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response notServable(VersionNotServableException e, UriInfo uri) {
        return respond(409, "version-not-servable", "Version cannot serve", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response invalidSample(InvalidSampleRequestException e, UriInfo uri) {
        return respond(400, "invalid-sample-request", "Invalid sample request", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response busy(TooManyRequestsException e, UriInfo uri) {
        return Response.fromResponse(respond(429, "too-many-requests", "Too many requests", e.getMessage(), uri))
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_BUSY).build();
    }

    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return malformedJson(e, uri);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        return respond(400, "malformed-json", "Malformed JSON body", e.getOriginalMessage(), uri);
    }

    /**
     * The router answers a wrong method with a 404 when resource classes share a path prefix (see
     * {@link AllowedMethods}); a path that takes other methods is a 405.
     */
    @ServerExceptionMapper
    public Response notFound(NotFoundException e, ContainerRequestContext request, UriInfo uri) {
        Set<String> allowed = AllowedMethods.of(request);
        if (allowed.isEmpty() || allowed.contains(request.getMethod())) {
            return webApplication(e, uri);
        }
        return methodNotAllowed(request.getMethod(), allowed, uri);
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, ContainerRequestContext request, UriInfo uri) {
        return methodNotAllowed(request.getMethod(), AllowedMethods.of(request), uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        Throwable cause = e.getCause();
        String detail = cause instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        return respond(status, "http-" + status, title, detail, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "unhandled error on %s", uri.getPath());
        return respond(500, "internal-error", "Internal error", "the service failed; see its log", uri);
    }

    private static Response methodNotAllowed(String method, Set<String> allowed, UriInfo uri) {
        String detail = method + " is not allowed here; allowed: " + String.join(", ", allowed);
        return Response.fromResponse(respond(405, "http-405", "Method Not Allowed", detail, uri))
                .allow(allowed).build();
    }

    static Response respond(int status, String slug, String title, String detail, UriInfo uri) {
        if (uri != null && OipError.isProtocolPath(uri.getPath())) {
            // The Open Inference Protocol's clients read {"error": …}; a version that cannot serve is not there.
            int code = status == 409 ? 404 : status;
            return Response.status(code).type(MediaType.APPLICATION_JSON)
                    .entity(new OipError(detail == null ? title : detail)).build();
        }
        URI instance = uri == null ? null : URI.create(uri.getRequestUri().getRawPath());
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(Problem.type(slug), title, status, detail, instance))
                .build();
    }
}
