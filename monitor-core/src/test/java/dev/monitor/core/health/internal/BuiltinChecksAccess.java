package dev.monitor.core.health.internal;

import dev.monitor.api.health.HealthCheck;
import java.util.Map;
import java.util.function.Supplier;

/** The built-in checks, for tests outside this package. */
public final class BuiltinChecksAccess {
    private BuiltinChecksAccess() {
    }

    public static HealthCheck exporterBacklog(Supplier<Map<String, Integer>> backlog, int max, int capacity) {
        return BuiltinChecks.exporterBacklog(backlog, max, capacity);
    }
}
