package dev.monitor.api.logs;

/**
 * One structured event under construction: add fields and an exception, then write it with a
 * {@code message} call. A builder from a logger whose level does not allow the event does
 * nothing and costs nothing. Not thread-safe; use it once, on one thread.
 */
public interface LogEventBuilder {

    /** Adds a field; its value is written as a JSON string, number or boolean. */
    LogEventBuilder field(String key, Object value);

    LogEventBuilder field(String key, long value);

    LogEventBuilder field(String key, double value);

    LogEventBuilder field(String key, boolean value);

    /** Attaches an exception, written as structured fields: type, message, stack and causes. */
    LogEventBuilder cause(Throwable throwable);

    /** Writes the event with this message. */
    void message(String message);

    /** Writes the event with {@code pattern}'s {@code {}} placeholders replaced by {@code arguments}, as SLF4J does. */
    void message(String pattern, Object... arguments);
}
