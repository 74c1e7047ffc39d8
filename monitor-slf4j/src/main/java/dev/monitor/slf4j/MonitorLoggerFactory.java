package dev.monitor.slf4j;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/** One {@link MonitorSlf4jLogger} per name. */
final class MonitorLoggerFactory implements ILoggerFactory {
    private final ConcurrentMap<String, MonitorSlf4jLogger> loggers = new ConcurrentHashMap<>();
    private final EarlyEvents early = new EarlyEvents();

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new MonitorSlf4jLogger(n, early));
    }
}
