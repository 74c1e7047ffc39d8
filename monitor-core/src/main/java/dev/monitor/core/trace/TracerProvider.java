package dev.monitor.core.trace;

import dev.monitor.api.metrics.Metrics;
import dev.monitor.api.trace.Tracer;
import dev.monitor.core.config.ConfigNode;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Makes the monitor's tracer; found with {@code ServiceLoader}, so that putting
 * {@code monitor-xray} on the classpath is all it takes. Without one, {@code Monitor.tracer()}
 * is a no-op tracer.
 */
public interface TracerProvider {

    /**
     * @param settings the {@code traces:} section of the configuration file (empty when absent);
     *                 problems go to its list, and unknown keys should be rejected
     * @return a tracer that the monitor closes when it closes
     */
    Tracer create(Path dataDir, Clock clock, Metrics self, ConfigNode settings);
}
