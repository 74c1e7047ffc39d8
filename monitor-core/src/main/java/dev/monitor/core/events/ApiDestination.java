package dev.monitor.core.events;

import dev.monitor.core.internal.EventBridgeNames;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * An HTTP endpoint that rules' targets invoke, as an EventBridge API destination: the event (or
 * the target's input) is the request body, authorized by the named {@link Connection}, at most
 * {@code invocationRateLimitPerSecond} requests a second (the rest wait, counted in
 * {@code ThrottledRules}). A request times out after 5 seconds, as EventBridge's do. Answers
 * 401, 407, 409, 429 and 5xx are retried; other 4xx are not, as EventBridge documents.
 *
 * @param name                         the destination's name, which targets refer to
 * @param connectionName               the connection that authorizes its requests
 * @param endpoint                     the http(s) URL
 * @param httpMethod                   POST, GET, HEAD, OPTIONS, PUT, PATCH or DELETE
 * @param invocationRateLimitPerSecond 1 to 300 (EventBridge's default and most)
 */
public record ApiDestination(String name, String connectionName, URI endpoint, String httpMethod, int invocationRateLimitPerSecond) {
    private static final Set<String> METHODS = Set.of("POST", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE");

    public ApiDestination {
        EventBridgeNames.check("API destination", name);
        Objects.requireNonNull(connectionName, "connectionName");
        Objects.requireNonNull(endpoint, "endpoint");
        if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' is not an http(s) URL");
        }
        httpMethod = httpMethod == null ? "POST" : httpMethod.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(httpMethod)) {
            throw new IllegalArgumentException("HTTP method '" + httpMethod + "' is not one of " + METHODS);
        }
        if (invocationRateLimitPerSecond < 1 || invocationRateLimitPerSecond > 300) {
            throw new IllegalArgumentException("InvocationRateLimitPerSecond " + invocationRateLimitPerSecond + " is out of range; allowed 1 to 300");
        }
    }

    /** A POST destination at EventBridge's default rate limit, 300 a second. */
    public static ApiDestination post(String name, String connectionName, URI endpoint) {
        return new ApiDestination(name, connectionName, endpoint, "POST", 300);
    }
}
