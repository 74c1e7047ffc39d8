package dev.monitor.slf4j;

import dev.monitor.api.logs.Level;
import dev.monitor.core.logs.internal.EventBuilder;
import dev.monitor.core.logs.internal.LogEngine;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * An SLF4J logger whose calls become Monitor events: parameterized messages (formatted and
 * redacted on the monitor's writer thread, like every Monitor event), the exception,
 * markers (as {@code markers}), the MDC (as fields) and SLF4J 2's key-values (as fields). Its
 * levels are the monitor's, per logger prefix.
 */
final class MonitorSlf4jLogger extends AbstractLogger implements LoggingEventAware {
    private static final long serialVersionUID = 1L;

    private final transient MonitorLoggerFactory factory;

    MonitorSlf4jLogger(String name, MonitorLoggerFactory factory) {
        this.name = name;
        this.factory = factory;
    }

    private static Level level(org.slf4j.event.Level level) {
        return switch (level) {
            case TRACE -> Level.TRACE;
            case DEBUG -> Level.DEBUG;
            case INFO -> Level.INFO;
            case WARN -> Level.WARN;
            case ERROR -> Level.ERROR;
        };
    }

    private boolean enabled(Level level) {
        LogEngine logs = factory.logs();
        // Before a monitor is bound its levels are unknown: INFO and above are kept for it.
        return logs == null ? level.ordinal() >= Level.INFO.ordinal() : logs.logger(name).isEnabled(level);
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(org.slf4j.event.Level level, Marker marker, String pattern,
                                               Object[] arguments, Throwable throwable) {
        emit(level(level), marker == null ? List.of() : List.of(marker), pattern, arguments, throwable, List.of());
    }

    /** The fluent API's events, with their key-values. */
    @Override
    public void log(LoggingEvent event) {
        Level level = level(event.getLevel());
        if (!enabled(level)) {
            return;
        }
        emit(level, event.getMarkers() == null ? List.of() : event.getMarkers(), event.getMessage(),
                event.getArgumentArray(), event.getThrowable(), event.getKeyValuePairs() == null ? List.of()
                        : event.getKeyValuePairs());
    }

    private void emit(Level level, List<Marker> markers, String pattern, Object[] arguments, Throwable throwable,
                      List<KeyValuePair> keyValues) {
        Throwable cause = throwable != null ? throwable : MessageFormatter.getThrowableCandidate(arguments);
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        LogEngine logs = factory.logs();
        if (logs == null) {
            List<Object[]> fields = new ArrayList<>();
            keyValues.forEach(kv -> fields.add(new Object[] {kv.key, kv.value}));
            factory.writeOrKeep(new EarlyEvents.Early(name, level, pattern, EventBuilder.capture(arguments), cause, fields,
                    mdc == null ? Map.of() : mdc,
                    markerNames(markers), EarlyEvents.now(), Thread.currentThread().getName()));
            return;
        }
        EventBuilder builder = logs.logger(name).builder(level);
        if (builder == null) {
            return;
        }
        builder.cause(cause).context(mdc);
        for (String marker : markerNames(markers)) {
            builder.marker(marker);
        }
        for (KeyValuePair pair : keyValues) {
            builder.field(pair.key, pair.value);
        }
        // Formatted and redacted on the monitor's thread, where an argument after a secret key is masked whole.
        builder.message(pattern, arguments);
    }

    private static List<String> markerNames(List<Marker> markers) {
        if (markers.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (Marker marker : markers) {
            names.add(marker.getName());
            Iterator<Marker> references = marker.iterator();
            while (references.hasNext()) {
                names.add(references.next().getName());
            }
        }
        return names;
    }
}
