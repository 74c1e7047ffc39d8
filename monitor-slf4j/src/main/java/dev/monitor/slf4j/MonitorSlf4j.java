package dev.monitor.slf4j;

import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.Monitor;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Binds SLF4J's loggers to a monitor: once {@link #install installed}, what the application logs
 * through SLF4J becomes that monitor's structured events, with its levels and log groups. Nothing
 * is bound implicitly to whichever monitor happens to be built first, so two monitors in one JVM
 * (tests, several applications in one server) do not interfere: only the installed one receives
 * SLF4J's events.
 *
 * <p>Without a call here, the provider binds a monitor it builds itself from the file named by
 * {@code -Dmonitor.config=<file>}, or from {@code ./monitor.yaml}, or from {@code monitor.yaml}
 * on the classpath, when there is one. Events logged while nothing is bound are kept (up to
 * {@value EarlyEvents#CAPACITY}; the rest are counted and the count written as a warning) and
 * written with their own times and threads when a monitor is installed.
 *
 * <pre>{@code
 * Monitor monitor = Monitor.builder().namespace("Shop").build();
 * MonitorSlf4j.install(monitor);   // SLF4J's events go to this monitor from now on
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class MonitorSlf4j {
    private MonitorSlf4j() {
    }

    /**
     * Binds SLF4J to {@code monitor} in place of the monitor bound before, if any, and writes the
     * events kept while nothing was bound. Closing the returned handle unbinds it (if it is still
     * the bound one): SLF4J's events are kept again until the next install. After the monitor is
     * closed, SLF4J's events are dropped (and counted in its {@code Monitor/LogEventsDropped}).
     *
     * @throws IllegalStateException when SLF4J is bound to another provider than monitor-slf4j
     */
    public static Subscription install(Monitor monitor) {
        return factory().bind(Objects.requireNonNull(monitor, "monitor"));
    }

    /** The monitor SLF4J's events go to, if one is bound. */
    public static Optional<Monitor> installed() {
        return factory().bound();
    }

    private static MonitorLoggerFactory factory() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof MonitorLoggerFactory ours) {
            return ours;
        }
        throw new IllegalStateException("SLF4J is bound to " + factory.getClass().getName()
                + ", not to monitor-slf4j's provider; keep one SLF4J provider on the classpath");
    }
}
