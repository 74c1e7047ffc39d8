package dev.monitor.api.audit;

import java.util.Map;
import java.util.function.Function;

/** Records nothing: one shared call object whose setters ignore their values, so a call allocates nothing. */
final class NoopAuditTrail implements AuditTrail, AuditCall {
    static final NoopAuditTrail INSTANCE = new NoopAuditTrail();

    private NoopAuditTrail() {
    }

    @Override
    public AuditCall call(String eventName) {
        return this;
    }

    @Override
    public AuditCall source(String eventSource) {
        return this;
    }

    @Override
    public AuditCall user(String userName) {
        return this;
    }

    @Override
    public AuditCall from(String sourceIpAddress) {
        return this;
    }

    @Override
    public AuditCall userAgent(String userAgent) {
        return this;
    }

    @Override
    public AuditCall request(Map<String, ?> parameters) {
        return this;
    }

    @Override
    public AuditCall requestId(String requestId) {
        return this;
    }

    @Override
    public AuditCall resource(String type, String arn) {
        return this;
    }

    @Override
    public AuditCall read() {
        return this;
    }

    @Override
    public AuditCall write() {
        return this;
    }

    @Override
    public AuditCall data() {
        return this;
    }

    @Override
    public <T, E extends Exception> T call(Work<T, E> work) throws E {
        return work.run();
    }

    @Override
    public <E extends Exception> void run(Action<E> work) throws E {
        work.run();
    }

    @Override
    public <T, E extends Exception> T call(Work<T, E> work, Function<T, Map<String, ?>> response) throws E {
        return work.run();
    }
}
