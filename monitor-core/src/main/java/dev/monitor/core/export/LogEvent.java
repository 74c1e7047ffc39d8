package dev.monitor.core.export;

import java.time.Instant;
import java.util.Objects;

/**
 * One log event as CloudWatch Logs receives it ({@code PutLogEvents}' {@code InputLogEvent}
 * within a group and stream).
 *
 * @param group     the log group, such as {@code /shop/orders}
 * @param stream    the log stream within the group
 * @param timestamp when the event happened
 * @param message   the event as one line of JSON, exactly as the log files hold it (secrets redacted)
 */
public record LogEvent(String group, String stream, Instant timestamp, String message) {
    public LogEvent {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(message, "message");
    }
}
