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
     * What a tracer gets from the monitor.
     *
     * @param self    the monitor's own metrics (namespace {@code Monitor}): drops, malformed headers
     * @param metrics the application's metrics, which each finished segment feeds
     */
    record Context(Path dataDir, Clock clock, Metrics self, Metrics metrics) {
    }

    /**
     * @param settings the {@code traces:} section of the configuration file (empty when absent);
     *                 problems go to its list, and unknown keys should be rejected
     * @return a tracer that the monitor closes when it closes
     */
    Tracer create(Context context, ConfigNode settings);
}
