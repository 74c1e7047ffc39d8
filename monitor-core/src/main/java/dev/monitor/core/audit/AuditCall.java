package dev.monitor.core.audit;

import java.util.Map;

/**
 * An audited call being described, then run: its record is written when the work ends, with the
 * outcome (the exception's simple class name as {@code errorCode} and its message as
 * {@code errorMessage}), and the work's own exception is rethrown untouched.
 *
 * <pre>{@code
 * audit.call("DeleteOrder").source("orders.shop.example").by(UserIdentity.user("ann")).from(ip)
 *      .resource(AuditResource.of("Shop::Order", arn)).write().run(() -> orders.delete(id));
 * }</pre>
 */
public final class AuditCall implements dev.monitor.api.audit.AuditCall {
    private final AuditTrail trail;
    private final AuditEvent.Builder event;

    AuditCall(AuditTrail trail, String eventName) {
        this.trail = trail;
        this.event = AuditEvent.builder(eventName);
    }

    public AuditCall source(String eventSource) {
        event.source(eventSource);
        return this;
    }

    @Override
    public AuditCall user(String userName) {
        return by(UserIdentity.user(userName));
    }

    public AuditCall by(UserIdentity identity) {
        event.by(identity);
        return this;
    }

    public AuditCall from(String sourceIpAddress) {
        event.from(sourceIpAddress);
        return this;
    }

    public AuditCall userAgent(String userAgent) {
        event.userAgent(userAgent);
        return this;
    }

    public AuditCall request(Map<String, ?> parameters) {
        event.request(parameters);
        return this;
    }

    public AuditCall requestId(String requestId) {
        event.requestId(requestId);
        return this;
    }

    @Override
    public AuditCall resource(String type, String arn) {
        return resource(AuditResource.of(type, arn));
    }

    public AuditCall resource(AuditResource resource) {
        event.resource(resource);
        return this;
    }

    public AuditCall read() {
        event.read();
        return this;
    }

    public AuditCall write() {
        event.write();
        return this;
    }

    public AuditCall data() {
        event.data();
        return this;
    }

    /** Runs {@code work}, records the call, and returns the work's result. */
    @Override
    public <T, E extends Exception> T call(Work<T, E> work) throws E {
        return call(work, result -> null);
    }

    /** Runs {@code work} and records the call. */
    @Override
    public <E extends Exception> void run(Action<E> work) throws E {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** Runs {@code work}, records the call with {@code response(result)} as its {@code responseElements}. */
    @Override
    public <T, E extends Exception> T call(Work<T, E> work, java.util.function.Function<T, Map<String, ?>> response) throws E {
        T result;
        try {
            result = work.run();
        } catch (Exception | Error e) {
            trail.record(event.error(e.getClass().getSimpleName(), e.getMessage()).build());
            throw e;
        }
        trail.record(event.response(safely(response, result)).build());
        return result;
    }

    private static <T> Map<String, ?> safely(java.util.function.Function<T, Map<String, ?>> response, T result) {
        try {
            return response.apply(result);
        } catch (RuntimeException e) {
            // Describing the response must not fail the call.
            return Map.of("monitorResponseError", e.toString());
        }
    }
}
