package dev.monitor.core.logs.internal;

import dev.monitor.api.logs.Level;
import dev.monitor.api.logs.LogEventBuilder;
import dev.monitor.api.logs.Logger;

/** A logger of a monitor's logs: its level and log group are fixed when it is made. Not API: {@code monitor-slf4j} uses {@link #builder} for markers, context and replayed events. */
public final class MonitorLogger implements Logger {
    private static final LogEventBuilder DISABLED = dev.monitor.api.logs.Logs.noop().logger("").at(Level.ERROR);

    private final LogEngine service;
    private final String name;
    private final LogEngine.Target target;
    /** Null when the logger is off. */
    private final Level threshold;

    MonitorLogger(LogEngine service, String name, LogEngine.Target target, Level threshold) {
        this.service = service;
        this.name = name;
        this.target = target;
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isEnabled(Level level) {
        return threshold != null && threshold.allows(level);
    }

    @Override
    public LogEventBuilder at(Level level) {
        return isEnabled(level) ? new EventBuilder(service, target, level, name) : DISABLED;
    }

    /** A builder with the core's extras (markers, context), or null when {@code level} is off. */
    public EventBuilder builder(Level level) {
        return isEnabled(level) ? new EventBuilder(service, target, level, name) : null;
    }
}
