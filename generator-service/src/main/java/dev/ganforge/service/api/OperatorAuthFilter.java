package dev.ganforge.service.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;

/**
 * {@code Authorization: Bearer <token>} for {@link OperatorOnly} endpoints, tokens from
 * {@code ganforge.auth.operator-tokens}. Deliberately simple: one shared secret per operator or automation,
 * rotated by listing old and new together. With no token configured those endpoints are closed.
 */
@Provider
@OperatorOnly
@Priority(Priorities.AUTHENTICATION)
public class OperatorAuthFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final OperatorTokens tokens;

    // Filters are built at static init; OperatorTokens is a lazy proxy, so config is read only at run time.
    public OperatorAuthFilter(OperatorTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        UriInfo uri = request.getUriInfo();
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            request.abortWith(unauthorized("this endpoint needs 'Authorization: Bearer <operator token>'", uri));
            return;
        }
        if (!tokens.accepts(header.substring(BEARER.length()).trim())) {
            request.abortWith(unauthorized("the bearer token is not an operator token", uri));
        }
    }

    private static Response unauthorized(String detail, UriInfo uri) {
        return Response.fromResponse(ProblemMappers.respond(401, "unauthorized", "Unauthorized", detail, uri))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ganforge\"")
                .build();
    }
}
