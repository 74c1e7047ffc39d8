package dev.monitor.core.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One log event as CloudWatch Logs receives it ({@code PutLogEvents}' {@code InputLogEvent}
 * within a group and stream): the group (such as {@code /shop/orders}), the stream within it,
 * when it happened, and the event as one line of JSON, exactly as the log files hold it (secrets
 * redacted). Immutable.
 *
 * <p>The log writer hands its events over as it encoded them, UTF-8 bytes and epoch microseconds
 * ({@link #encoded}), and the text and {@link Instant} are made only for an exporter that asks for
 * them: a String, an Instant and their copies per event cost the writer thread more than the rest
 * of the event (monitor-benchmarks/RESULTS.md, 2026-12-02). Its bytes are lent, read in place
 * from a buffer the writer reuses once every exporter has returned from the batch: an exporter
 * that keeps events past {@link Exporter#export} says so ({@link Exporter#keepsItems()}, the
 * default) and is given events of its own.
 */
public final class LogEvent {
    private final String group;
    private final String stream;
    private final long epochMicros;
    /** Null on an event made from an Instant: {@link #timestamp} returns it exactly. */
    private final Instant timestamp;
    /** The message as UTF-8, from {@link #offset} for {@link #length} bytes; null on an event made from text. */
    private final byte[] utf8;
    private final int offset;
    private final int length;
    /** Made on first use from {@link #utf8}; a race makes it twice, equal. */
    private String message;

    /** An event from its text, as an exporter or a test makes one. */
    public LogEvent(String group, String stream, Instant timestamp, String message) {
        this.group = Objects.requireNonNull(group, "group");
        this.stream = Objects.requireNonNull(stream, "stream");
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        this.message = Objects.requireNonNull(message, "message");
        this.epochMicros = Math.addExact(Math.multiplyExact(timestamp.getEpochSecond(), 1_000_000L), timestamp.getNano() / 1_000);
        this.utf8 = null;
        this.offset = 0;
        this.length = 0;
    }

    private LogEvent(String group, String stream, long epochMicros, byte[] utf8, int offset, int length) {
        this.group = Objects.requireNonNull(group, "group");
        this.stream = Objects.requireNonNull(stream, "stream");
        this.epochMicros = epochMicros;
        this.timestamp = null;
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(utf8, "utf8").length);
        this.utf8 = utf8;
        this.offset = offset;
        this.length = length;
    }

    /**
     * An event whose message is already encoded: {@code utf8} (valid UTF-8, which the event keeps
     * and nobody may change afterwards) at {@code epochMicros} since 1970.
     */
    public static LogEvent encoded(String group, String stream, long epochMicros, byte[] utf8) {
        return new LogEvent(group, stream, epochMicros, utf8, 0, Objects.requireNonNull(utf8, "utf8").length);
    }

    /**
     * An event whose message is the {@code length} bytes of {@code utf8} from {@code offset} (valid
     * UTF-8), read in place, without a copy: whoever makes it leaves those bytes unchanged for as
     * long as anyone uses the event. The log writer makes its events so, in buffers it reuses once
     * every exporter that {@linkplain Exporter#keepsItems() keeps no items} has returned from the batch.
     *
     * @throws IndexOutOfBoundsException when the range is not within {@code utf8}
     */
    public static LogEvent encoded(String group, String stream, long epochMicros, byte[] utf8, int offset, int length) {
        return new LogEvent(group, stream, epochMicros, utf8, offset, length);
    }

    public String group() {
        return group;
    }

    public String stream() {
        return stream;
    }

    /** When the event happened; a new Instant at each call on an encoded event. */
    public Instant timestamp() {
        return timestamp != null ? timestamp
                : Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
    }

    /** When the event happened, in microseconds since 1970 (truncated from the Instant of an event made from one). */
    public long epochMicros() {
        return epochMicros;
    }

    /** The event as one line of JSON, without a line feed. */
    public String message() {
        String text = message;
        if (text == null) {
            text = new String(utf8, offset, length, StandardCharsets.UTF_8);
            message = text;
        }
        return text;
    }

    /** Takes a whole message as UTF-8 in one call; must not keep or change the array. */
    @FunctionalInterface
    public interface MessageSink {
        void write(byte[] utf8, int offset, int length) throws IOException;
    }

    /**
     * Hands the message to {@code sink} as UTF-8, in one call, without a copy for an encoded event
     * (an unpaired surrogate of a text message becomes {@code ?}, as String.getBytes encodes it).
     */
    public void writeMessage(MessageSink sink) throws IOException {
        if (utf8 != null) {
            sink.write(utf8, offset, length);
        } else {
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            sink.write(bytes, 0, bytes.length);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogEvent event && group.equals(event.group) && stream.equals(event.stream)
                && timestamp().equals(event.timestamp()) && sameMessage(event);
    }

    private boolean sameMessage(LogEvent event) {
        return utf8 != null && event.utf8 != null
                ? Arrays.equals(utf8, offset, offset + length, event.utf8, event.offset, event.offset + event.length)
                : message().equals(event.message());
    }

    @Override
    public int hashCode() {
        return Objects.hash(group, stream, timestamp(), message());
    }

    @Override
    public String toString() {
        return "LogEvent[group=" + group + ", stream=" + stream + ", timestamp=" + timestamp() + ", message=" + message() + "]";
    }
}
