package dev.monitor.core;

import dev.monitor.core.metrics.BuiltinMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The monitor most tests build: no collector thread (the test moves its clock and calls
 * {@code flush}), no built-in JVM metrics (what is exported is what the test recorded).
 */
public final class QuietMonitor {
    private QuietMonitor() {
    }

    /** A quiet monitor's builder in namespace {@code Shop}, writing to {@code dataDir}, on {@code clock}. */
    public static Monitor.Builder builder(Path dataDir, Clock clock) {
        return quiet(Monitor.builder().namespace("Shop").dataDir(dataDir).clock(clock));
    }

    /** {@code builder} made quiet: for a builder that read a configuration file first. */
    public static Monitor.Builder quiet(Monitor.Builder builder) {
        builder.tickEvery(Duration.ZERO);
        for (BuiltinMetrics.Group group : BuiltinMetrics.Group.values()) {
            builder.builtin(group, false);
        }
        return builder;
    }
}
