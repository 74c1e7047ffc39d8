package dev.monitor.api.trace;

/**
 * A segment or subsegment: a timed piece of work in a trace. Closing it ends it; closing twice,
 * or after its segment was sent, does nothing. Calls never throw into the caller: invalid
 * annotation keys and values are dropped and counted. Not thread-safe for concurrent writes to
 * one entity.
 */
public interface TraceEntity extends AutoCloseable {

    String traceId();

    /** The entity's 16-hex-digit id. */
    String id();

    /** Whether the trace is sampled (recorded and sent); an unsampled entity records nothing. */
    boolean sampled();

    /** An indexed annotation: key {@code ^[a-zA-Z0-9_]{1,500}$}, value a string, number or boolean. */
    TraceEntity putAnnotation(String key, Object value);

    /** Metadata under {@code namespace} (default {@code "default"}): any JSON-able value, not indexed. */
    TraceEntity putMetadata(String namespace, String key, Object value);

    /** {@code http.request} fields: method, url, user_agent, client_ip, x_forwarded_for. */
    TraceEntity putHttpRequest(String key, Object value);

    /**
     * The response status (and content length). 4xx sets {@code error}, 429 also {@code throttle},
     * 5xx sets {@code fault}.
     */
    TraceEntity setHttpResponse(int status, long contentLength);

    /** Adds the exception as the entity's {@code cause} and marks it a fault (or an error, with {@code remote}). */
    TraceEntity addException(Throwable throwable);

    TraceEntity setError(boolean error);

    TraceEntity setFault(boolean fault);

    TraceEntity setThrottle(boolean throttle);

    /** The {@code X-Amzn-Trace-Id} header that continues this trace downstream, with this entity as parent. */
    String traceHeader();

    /** Ends the entity now. */
    @Override
    void close();
}
