package dev.monitor.core.logs.internal;

import dev.monitor.api.context.Context;
import dev.monitor.api.logs.Level;
import dev.monitor.api.logs.LogEventBuilder;
import java.time.Instant;
import java.util.Map;

/**
 * One log event, built on the caller's thread and handed whole to the writer: the builder is the
 * event, so a call allocates it once. The caller only captures values (copying maps and lists
 * and turning other objects into strings, so later changes to them cannot leak in); formatting
 * the message, JSON, redaction, truncation and I/O happen on Monitor's thread.
 * Not API: {@code monitor-slf4j} sets markers, MDC context and replayed times and threads.
 */
public final class EventBuilder implements LogEventBuilder {
    private final LogEngine service;
    final LogEngine.Target target;
    final Level level;
    final String logger;
    long epochMicros = Long.MIN_VALUE;
    String thread;
    /** The message; until the writer formats it, null while {@link #pattern} and {@link #arguments} hold it. */
    String message;
    String pattern;
    /** As {@link MessageArguments#capture} left them. */
    Object[] arguments;
    Object[] fields;
    int fieldCount;
    Throwable cause;
    Map<String, String> context;
    Map<String, String> extraContext;
    String[] markers;
    String traceId;
    String segmentId;

    EventBuilder(LogEngine service, LogEngine.Target target, Level level, String logger) {
        this.service = service;
        this.target = target;
        this.level = level;
        this.logger = logger;
    }

    private EventBuilder add(String key, Object value) {
        if (key == null) {
            return this;
        }
        if (fields == null) {
            fields = new Object[4];
        } else if (fieldCount == fields.length) {
            fields = java.util.Arrays.copyOf(fields, fields.length * 2);
        }
        fields[fieldCount++] = key;
        fields[fieldCount++] = value;
        return this;
    }

    @Override
    public EventBuilder field(String key, Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return add(key, value);
        }
        // Maps and lists are copied, so that the writer can mask their secret keys at any depth.
        return add(key, MessageArguments.capture(value));
    }

    @Override
    public EventBuilder field(String key, long value) {
        return add(key, value);
    }

    @Override
    public EventBuilder field(String key, double value) {
        return add(key, value);
    }

    @Override
    public EventBuilder field(String key, boolean value) {
        return add(key, value);
    }

    @Override
    public EventBuilder cause(Throwable throwable) {
        this.cause = throwable;
        return this;
    }

    /** Adds an SLF4J marker's name; written as {@code markers}. */
    public EventBuilder marker(String name) {
        if (name != null) {
            if (markers == null) {
                markers = new String[] {name};
            } else {
                markers = java.util.Arrays.copyOf(markers, markers.length + 1);
                markers[markers.length - 1] = name;
            }
        }
        return this;
    }

    /** The event's time, when it is not now: for events replayed from before a monitor existed. */
    public EventBuilder timestamp(long epochMicros) {
        this.epochMicros = epochMicros;
        return this;
    }

    /** The thread that logged the event, when it is not the current one (replayed events). */
    public EventBuilder thread(String name) {
        this.thread = name;
        return this;
    }

    /** Adds key-values of a thread's context from elsewhere, such as SLF4J's MDC. */
    public EventBuilder context(Map<String, String> values) {
        if (values != null && !values.isEmpty()) {
            this.extraContext = values;
        }
        return this;
    }

    @Override
    public void message(String message) {
        this.message = message;
        emit();
    }

    @Override
    public void message(String pattern, Object... arguments) {
        if (cause == null) {
            cause = MessageArguments.trailingThrowable(pattern, arguments);
        }
        if (arguments == null || arguments.length == 0 || pattern == null || pattern.indexOf('{') < 0) {
            this.message = pattern;
        } else {
            this.pattern = pattern;
            this.arguments = MessageArguments.capture(arguments);
        }
        emit();
    }

    /**
     * {@code arguments} as a message of this event will take them: strings, boxed numbers, copies of
     * maps and lists. For events kept a while before they are logged, so that later changes to the
     * arguments cannot leak in.
     */
    public static Object[] capture(Object[] arguments) {
        return MessageArguments.capture(arguments);
    }

    private void emit() {
        if (epochMicros == Long.MIN_VALUE) {
            Instant now = service.clock().instant();
            epochMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        }
        if (thread == null) {
            thread = Thread.currentThread().getName();
        }
        Context current = Context.current();
        context = current.fields();
        traceId = current.traceId();
        segmentId = current.segmentId();
        service.enqueue(this);
    }
}
