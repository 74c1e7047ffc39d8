package dev.monitor.api.logs;

/**
 * A named logger. Structured: {@code log.atInfo().field("orderId", id).message("placed")}; or
 * plain, SLF4J style: {@code log.info("placed {} for {}", id, customer)}, where a last argument
 * that is a {@code Throwable} becomes the event's exception. Calls never throw and never block
 * on I/O. Thread-safe.
 */
public interface Logger {

    String name();

    boolean isEnabled(Level level);

    /** A builder for an event at {@code level}. */
    LogEventBuilder at(Level level);

    default LogEventBuilder atTrace() {
        return at(Level.TRACE);
    }

    default LogEventBuilder atDebug() {
        return at(Level.DEBUG);
    }

    default LogEventBuilder atInfo() {
        return at(Level.INFO);
    }

    default LogEventBuilder atWarn() {
        return at(Level.WARN);
    }

    default LogEventBuilder atError() {
        return at(Level.ERROR);
    }

    default void trace(String pattern, Object... arguments) {
        at(Level.TRACE).message(pattern, arguments);
    }

    default void debug(String pattern, Object... arguments) {
        at(Level.DEBUG).message(pattern, arguments);
    }

    default void info(String pattern, Object... arguments) {
        at(Level.INFO).message(pattern, arguments);
    }

    default void warn(String pattern, Object... arguments) {
        at(Level.WARN).message(pattern, arguments);
    }

    default void error(String pattern, Object... arguments) {
        at(Level.ERROR).message(pattern, arguments);
    }
}
