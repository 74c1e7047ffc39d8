package dev.monitor.xray;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.monitor.api.trace.Segment;
import dev.monitor.api.trace.Tracer;
import java.io.IOException;
import java.util.Objects;

/**
 * Traces the requests of a {@code com.sun.net.httpserver.HttpServer}: one segment per request,
 * continuing the caller's trace from {@code X-Amzn-Trace-Id} (or W3C {@code traceparent}), with
 * the {@code http} fields the X-Ray SDKs' servlet filter records, the error/throttle/fault flags
 * of the status code, and the trace header on the response.
 *
 * <pre>{@code
 * server.createContext("/orders", handler).getFilters().add(TracingFilter.of(monitor.tracer(), "orders"));
 * }</pre>
 */
public final class TracingFilter extends Filter {
    private static final String HEADER = "X-Amzn-Trace-Id";

    private final Tracer tracer;
    private final String serviceName;

    private TracingFilter(Tracer tracer, String serviceName) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
    }

    /** Requests become segments named {@code serviceName}. */
    public static TracingFilter of(Tracer tracer, String serviceName) {
        return new TracingFilter(tracer, serviceName);
    }

    @Override
    public String description() {
        return "X-Ray segment per request for " + serviceName;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        String incoming = exchange.getRequestHeaders().getFirst(HEADER);
        if (incoming == null) {
            incoming = exchange.getRequestHeaders().getFirst("traceparent");
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        try (Segment segment = tracer instanceof XRayTracer xray
                ? xray.beginSegment(serviceName, incoming, host, method, path)
                : tracer.beginSegment(serviceName, incoming)) {
            segment.putHttpRequest("method", method);
            segment.putHttpRequest("url", url(exchange, host));
            String userAgent = exchange.getRequestHeaders().getFirst("User-Agent");
            if (userAgent != null) {
                segment.putHttpRequest("user_agent", userAgent);
            }
            String forwarded = exchange.getRequestHeaders().getFirst("X-Forwarded-For");
            if (forwarded != null) {
                segment.putHttpRequest("client_ip", forwarded.split(",")[0].trim());
                segment.putHttpRequest("x_forwarded_for", true);
            } else if (exchange.getRemoteAddress() != null) {
                segment.putHttpRequest("client_ip", exchange.getRemoteAddress().getAddress().getHostAddress());
            }
            // As the SDKs answer: the trace and the decision, so the caller can find the trace.
            exchange.getResponseHeaders().set(HEADER, "Root=" + segment.traceId() + ";Sampled=" + (segment.sampled() ? "1" : "0"));
            try {
                chain.doFilter(exchange);
            } catch (IOException | RuntimeException | Error e) {
                segment.addException(e);
                throw e;
            }
            int status = exchange.getResponseCode();
            if (status > 0) {
                segment.setHttpResponse(status, contentLength(exchange));
            }
        }
    }

    private static String url(HttpExchange exchange, String host) {
        String scheme = exchange instanceof com.sun.net.httpserver.HttpsExchange ? "https" : "http";
        String authority = host != null ? host : exchange.getLocalAddress().getHostString() + ":" + exchange.getLocalAddress().getPort();
        return scheme + "://" + authority + exchange.getRequestURI();
    }

    private static long contentLength(HttpExchange exchange) {
        String length = exchange.getResponseHeaders().getFirst("Content-length");
        try {
            return length == null ? -1 : Long.parseLong(length);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
