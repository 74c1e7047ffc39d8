package dev.monitor.slf4j;

import dev.monitor.api.subscription.Subscription;
import dev.monitor.core.Monitor;
import dev.monitor.core.logs.LogService;
import dev.monitor.core.logs.internal.LogEngine;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/**
 * One {@link MonitorSlf4jLogger} per name, and the monitor they write to: none until one is
 * {@linkplain MonitorSlf4j#install installed} (or built from configuration by the provider), and
 * meanwhile the events are kept in {@link EarlyEvents}. SLF4J holds the one instance.
 */
final class MonitorLoggerFactory implements ILoggerFactory {
    private final ConcurrentMap<String, MonitorSlf4jLogger> loggers = new ConcurrentHashMap<>();
    private final EarlyEvents early = new EarlyEvents();
    /** The bound monitor and its logs; null while events are kept for one. */
    private volatile Binding binding;

    /** A monitor and the runtime of its logs, which take SLF4J's markers, MDC and replayed times. */
    record Binding(Monitor monitor, LogEngine logs) {
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new MonitorSlf4jLogger(n, this));
    }

    /** The bound monitor's logs, or null while nothing is bound. */
    LogEngine logs() {
        Binding bound = binding;
        return bound == null ? null : bound.logs();
    }

    Optional<Monitor> bound() {
        Binding bound = binding;
        return bound == null ? Optional.empty() : Optional.of(bound.monitor());
    }

    /** Writes {@code event} to the bound monitor, or keeps it until one is bound. */
    synchronized void writeOrKeep(EarlyEvents.Early event) {
        Binding bound = binding;
        if (bound != null) {
            EarlyEvents.write(bound.logs(), event);
        } else {
            early.add(event);
        }
    }

    synchronized Subscription bind(Monitor monitor) {
        LogService logs = monitor.logs();
        if (!(logs instanceof LogEngine engine)) {
            throw new IllegalArgumentException("the monitor's logs are a " + logs.getClass().getName()
                    + ", not the runtime monitor-slf4j writes to");
        }
        Binding made = new Binding(monitor, engine);
        binding = made;
        early.replay(engine);
        return () -> unbind(made);
    }

    private synchronized void unbind(Binding made) {
        if (binding == made) {
            binding = null;
        }
    }
}
