package dev.ganforge.service.api;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.handlers.ClassRoutingHandler;
import org.jboss.resteasy.reactive.server.handlers.RestInitialHandler.InitialMatch;
import org.jboss.resteasy.reactive.server.mapping.RequestMapper;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;
import org.jboss.resteasy.reactive.server.spi.ServerRestHandler;

/**
 * The HTTP methods the request's path takes, read from RESTEasy Reactive's own routing tables. Its router gets
 * two things wrong that a 405 needs: it sends no {@code Allow} header (RFC 9110 requires one), and when resource
 * classes share a path prefix ({@code /api/v1/models/{name}}: ModelsResource and SamplesResource) it looks for
 * other methods only in the last class it tried, so a wrong method on {@code /samples} comes out as a 404. Asking
 * the router rather than keeping a list of paths means a new endpoint is covered without anyone remembering to.
 */
final class AllowedMethods {

    private AllowedMethods() {
    }

    /** Sorted; HEAD comes with GET and OPTIONS with anything, as the router answers both; empty: no such path. */
    static SortedSet<String> of(ContainerRequestContext request) {
        if (!(request instanceof ResteasyReactiveContainerRequestContext reactive)
                || !(reactive.getServerRequestContext() instanceof ResteasyReactiveRequestContext context)) {
            return Collections.emptySortedSet();
        }
        String path = context.getPathWithoutPrefix();
        // The same walk the router makes: every resource class whose path is a prefix, most specific first.
        RequestMapper<InitialMatch> classes = new RequestMapper<>(context.getDeployment().getClassMappers());
        SortedSet<String> allowed = new TreeSet<>();
        for (var match = classes.map(path); match != null; match = classes.continueMatching(path, match)) {
            String remaining = match.remaining.isEmpty() ? "/" : match.remaining;
            for (ServerRestHandler handler : match.value.handlers) {
                if (handler instanceof ClassRoutingHandler routing) {
                    routing.getMappers().forEach((method, methods) -> {
                        // A null method is a sub-resource locator, which we do not use.
                        if (method != null && methods.map(remaining) != null) {
                            allowed.add(method);
                        }
                    });
                }
            }
        }
        if (allowed.contains(HttpMethod.GET)) {
            allowed.add(HttpMethod.HEAD);
        }
        if (!allowed.isEmpty()) {
            allowed.add(HttpMethod.OPTIONS);
        }
        return allowed;
    }
}
