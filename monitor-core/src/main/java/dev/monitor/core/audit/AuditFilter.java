package dev.monitor.core.audit;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * Records every request a {@code com.sun.net.httpserver.HttpServer} context serves as an audit
 * event: who (a pluggable identity extractor), from where ({@code X-Forwarded-For}, else the
 * peer), with which user agent, the path and query as {@code requestParameters}, the request id
 * (from {@code X-Request-Id}, else made and sent back), and the outcome: a status of 400 or more
 * is the record's {@code errorCode}. GET, HEAD and OPTIONS are read-only. A pluggable resource
 * extractor names what the request acted on, so lookups by {@code ResourceName} find it. Put it
 * after a tracing filter and the records carry the trace id.
 *
 * <pre>{@code
 * context.getFilters().add(AuditFilter.builder(monitor.audit(), "orders.shop.example")
 *         .identity(exchange -> UserIdentity.user(exchange.getRequestHeaders().getFirst("X-User"))).build());
 * }</pre>
 */
public final class AuditFilter extends Filter {
    private final AuditTrail trail;
    private final String eventSource;
    private final Function<HttpExchange, UserIdentity> identities;
    private final Function<HttpExchange, String> eventNames;
    private final Function<HttpExchange, List<AuditResource>> resources;

    private AuditFilter(Builder builder) {
        this.trail = builder.trail;
        this.eventSource = builder.eventSource;
        this.identities = builder.identities;
        this.eventNames = builder.eventNames;
        this.resources = builder.resources;
    }

    /** Records the requests of a service known to the trail as {@code eventSource}. */
    public static Builder builder(AuditTrail trail, String eventSource) {
        return new Builder(trail, eventSource);
    }

    @Override
    public String description() {
        return "audit records for " + eventSource;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        String requestId = exchange.getRequestHeaders().getFirst("X-Request-Id");
        if (requestId == null || requestId.isBlank()) {
            requestId = UUID.randomUUID().toString();
        }
        exchange.getResponseHeaders().set("X-Request-Id", requestId);
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        AuditEvent.Builder event = AuditEvent.builder(safely(eventNames, exchange, defaultName(exchange)))
                .source(eventSource).by(safely(identities, exchange, null)).from(sourceAddress(exchange))
                .userAgent(exchange.getRequestHeaders().getFirst("User-Agent")).requestId(requestId)
                .request(parameters(exchange));
        for (AuditResource resource : safely(resources, exchange, List.<AuditResource>of())) {
            if (resource != null) {
                event.resource(resource);
            }
        }
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            event.read();
        }
        try {
            chain.doFilter(exchange);
        } catch (IOException | RuntimeException | Error e) {
            trail.record(event.error(e.getClass().getSimpleName(), e.getMessage()).build());
            throw e;
        }
        int status = exchange.getResponseCode();
        if (status >= 400) {
            event.error(errorCode(status), "HTTP " + status);
        }
        trail.record(event.build());
    }

    /** {@code DELETE /orders/o-1} is {@code DeleteOrders}: the verb and the first path segment, as an API names it. */
    static String defaultName(HttpExchange exchange) {
        String method = exchange.getRequestMethod().toLowerCase(Locale.ROOT);
        String verb = method.isEmpty() ? "Call" : Character.toUpperCase(method.charAt(0)) + method.substring(1);
        String path = exchange.getRequestURI().getPath();
        StringBuilder name = new StringBuilder(verb);
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                for (String word : segment.split("[^A-Za-z0-9]+")) {
                    if (!word.isEmpty()) {
                        name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
                    }
                }
                break;
            }
        }
        return name.toString();
    }

    private static String errorCode(int status) {
        return switch (status) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "AccessDenied";
            case 404 -> "NotFound";
            case 409 -> "Conflict";
            case 429 -> "Throttling";
            case 500 -> "InternalServerError";
            case 502 -> "BadGateway";
            case 503 -> "ServiceUnavailable";
            default -> "Http" + status;
        };
    }

    private static String sourceAddress(HttpExchange exchange) {
        String forwarded = exchange.getRequestHeaders().getFirst("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            return forwarded.split(",")[0].trim();
        }
        return exchange.getRemoteAddress() == null ? null : exchange.getRemoteAddress().getAddress().getHostAddress();
    }

    private static Map<String, Object> parameters(HttpExchange exchange) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("path", exchange.getRequestURI().getPath());
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                parameters.putIfAbsent(key, value);
            }
        }
        return parameters;
    }

    /** A user's function must not break the request it describes: its failure falls back. */
    private static <T> T safely(Function<HttpExchange, T> function, HttpExchange exchange, T fallback) {
        try {
            T value = function.apply(exchange);
            return value != null ? value : fallback;
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    /** Configures an {@link AuditFilter}. */
    public static final class Builder {
        private final AuditTrail trail;
        private final String eventSource;
        private Function<HttpExchange, UserIdentity> identities = exchange -> null;
        private Function<HttpExchange, String> eventNames = exchange -> null;
        private Function<HttpExchange, List<AuditResource>> resources = exchange -> List.of();

        private Builder(AuditTrail trail, String eventSource) {
            this.trail = Objects.requireNonNull(trail, "trail");
            this.eventSource = Objects.requireNonNull(eventSource, "eventSource");
        }

        /** Who made the request; no identity when not set (or when it returns null or fails). */
        public Builder identity(Function<HttpExchange, UserIdentity> extractor) {
            this.identities = Objects.requireNonNull(extractor, "extractor");
            return this;
        }

        /** The event's name; by default the verb and first path segment ({@code DeleteOrders}). */
        public Builder eventName(Function<HttpExchange, String> names) {
            this.eventNames = Objects.requireNonNull(names, "names");
            return this;
        }

        /** What the request acted on ({@code DELETE /orders/o-7}: the order o-7); none by default. */
        public Builder resources(Function<HttpExchange, List<AuditResource>> extractor) {
            this.resources = Objects.requireNonNull(extractor, "extractor");
            return this;
        }

        public AuditFilter build() {
            return new AuditFilter(this);
        }
    }
}
