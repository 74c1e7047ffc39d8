package dev.monitor.api;

import dev.monitor.api.metrics.Metrics;

final class NoopTelemetry implements Telemetry {
    static final NoopTelemetry INSTANCE = new NoopTelemetry();

    private NoopTelemetry() {
    }

    @Override
    public Metrics metrics() {
        return Metrics.noop();
    }

    @Override
    public dev.monitor.api.audit.AuditTrail audit() {
        return dev.monitor.api.audit.AuditTrail.noop();
    }

    @Override
    public dev.monitor.api.events.Events events() {
        return dev.monitor.api.events.Events.noop();
    }
}
