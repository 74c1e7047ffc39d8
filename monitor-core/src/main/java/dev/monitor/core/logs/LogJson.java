package dev.monitor.core.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One event as one JSON line: {@code timestamp} (UTC, microseconds), {@code level},
 * {@code logger}, {@code thread}, {@code message}, the context's and the event's fields at the
 * top level, {@code markers}, {@code traceId} and {@code segmentId} inside a trace, and
 * {@code exception} with {@code type}, {@code message}, {@code stack} and {@code cause}.
 *
 * <p>Values of keys that name secrets are written as {@value #REDACTED}. An event larger than
 * the limit is written again with long strings and stacks cut, and {@code "truncated": true};
 * it is never dropped for its size. Not thread-safe: the writer thread owns one.
 */
final class LogJson {
    static final String REDACTED = "[REDACTED]";
    /** The fields every event has; an event field of the same name is written as {@code field.<name>}. */
    static final Set<String> RESERVED = Set.of("timestamp", "level", "logger", "thread", "message", "markers",
            "traceId", "segmentId", "exception", "truncated");
    private static final int CUT_STRING = 1024;
    private static final int CUT_FRAMES = 20;
    private static final int MAX_FRAMES = 200;
    private static final int MAX_CAUSES = 8;

    /** A growable buffer whose bytes can be read without a copy. */
    static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(1024);
        }

        byte[] array() {
            return buf;
        }
    }

    private final JsonFactory factory = new JsonFactory();
    private final Buffer buffer = new Buffer();
    private final List<String> secretWords;
    private final int maxBytes;

    /** @param secretWords lower-case words; a key containing one is a secret */
    LogJson(List<String> secretWords, int maxBytes) {
        this.secretWords = secretWords.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
        this.maxBytes = maxBytes;
    }

    boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        for (String word : secretWords) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** Encodes {@code event} into the buffer, within the size limit; the buffer holds the line. */
    Buffer encode(EventBuilder event) {
        write(event, false);
        if (buffer.size() > maxBytes) {
            write(event, true);
            if (buffer.size() > maxBytes) {
                writeMinimal(event);
            }
        }
        return buffer;
    }

    private void write(EventBuilder event, boolean cut) {
        buffer.reset();
        try (JsonGenerator json = factory.createGenerator(buffer)) {
            json.writeStartObject();
            json.writeStringField("timestamp", timestamp(event.epochMicros));
            json.writeStringField("level", event.level.name());
            json.writeStringField("logger", event.logger);
            json.writeStringField("thread", event.thread);
            json.writeStringField("message", cut ? cut(event.message) : event.message);
            writeContext(json, event.context, cut);
            writeContext(json, event.extraContext, cut);
            for (int i = 0; i < event.fieldCount; i += 2) {
                String key = (String) event.fields[i];
                Object value = event.fields[i + 1];
                String name = RESERVED.contains(key) ? "field." + key : key;
                if (isSecret(key)) {
                    json.writeStringField(name, REDACTED);
                } else if (value == null) {
                    json.writeNullField(name);
                } else if (value instanceof Boolean b) {
                    json.writeBooleanField(name, b);
                } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                    json.writeNumberField(name, ((Number) value).longValue());
                } else if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
                    json.writeFieldName(name);
                    json.writeNumber(n.toString());
                } else {
                    json.writeStringField(name, cut ? cut(value.toString()) : value.toString());
                }
            }
            if (event.markers != null) {
                json.writeArrayFieldStart("markers");
                for (String marker : event.markers) {
                    json.writeString(marker);
                }
                json.writeEndArray();
            }
            if (event.traceId != null) {
                json.writeStringField("traceId", event.traceId);
                json.writeStringField("segmentId", event.segmentId);
            }
            if (event.cause != null) {
                json.writeFieldName("exception");
                writeThrowable(json, event.cause, cut, 0);
            }
            if (cut) {
                json.writeBooleanField("truncated", true);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeContext(JsonGenerator json, Map<String, String> values, boolean cut) throws IOException {
        if (values == null) {
            return;
        }
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String name = RESERVED.contains(entry.getKey()) ? "field." + entry.getKey() : entry.getKey();
            json.writeStringField(name, isSecret(entry.getKey()) ? REDACTED : cut ? cut(entry.getValue()) : entry.getValue());
        }
    }

    private void writeThrowable(JsonGenerator json, Throwable throwable, boolean cut, int depth) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", throwable.getClass().getName());
        String message;
        try {
            message = throwable.getMessage();
        } catch (RuntimeException e) {
            message = "[FAILED getMessage(): " + e + "]";
        }
        json.writeStringField("message", cut ? cut(message) : message);
        StackTraceElement[] frames = throwable.getStackTrace();
        int shown = Math.min(frames.length, cut ? CUT_FRAMES : MAX_FRAMES);
        json.writeArrayFieldStart("stack");
        for (int i = 0; i < shown; i++) {
            json.writeString(frames[i].toString());
        }
        json.writeEndArray();
        if (shown < frames.length) {
            json.writeNumberField("framesOmitted", frames.length - shown);
        }
        Throwable cause = throwable.getCause();
        if (cause != null && cause != throwable && depth < MAX_CAUSES) {
            json.writeFieldName("cause");
            writeThrowable(json, cause, cut, depth + 1);
        }
        json.writeEndObject();
    }

    /** The last resort: the envelope and as much of the message as fits. */
    private void writeMinimal(EventBuilder event) {
        buffer.reset();
        String message = event.message == null ? "" : event.message;
        int room = Math.max(0, maxBytes / 4 - 256);
        try (JsonGenerator json = factory.createGenerator(buffer)) {
            json.writeStartObject();
            json.writeStringField("timestamp", timestamp(event.epochMicros));
            json.writeStringField("level", event.level.name());
            json.writeStringField("logger", event.logger);
            json.writeStringField("thread", event.thread);
            // At most 4 bytes of UTF-8 per char: room chars always fit.
            json.writeStringField("message", message.length() > room ? message.substring(0, room) : message);
            json.writeBooleanField("truncated", true);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cut(String text) {
        return text == null || text.length() <= CUT_STRING ? text : text.substring(0, CUT_STRING) + "...";
    }

    /** {@code 2026-11-22T10:00:00.123456Z}. */
    static String timestamp(long epochMicros) {
        long seconds = Math.floorDiv(epochMicros, 1_000_000L);
        int micros = (int) Math.floorMod(epochMicros, 1_000_000L);
        java.time.LocalDateTime time = java.time.LocalDateTime.ofEpochSecond(seconds, 0, java.time.ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(27);
        out.append(time.getYear()).append('-');
        two(out, time.getMonthValue()).append('-');
        two(out, time.getDayOfMonth()).append('T');
        two(out, time.getHour()).append(':');
        two(out, time.getMinute()).append(':');
        two(out, time.getSecond()).append('.');
        String fraction = Integer.toString(micros);
        out.append("000000", fraction.length(), 6).append(fraction).append('Z');
        return out.toString();
    }

    private static StringBuilder two(StringBuilder out, int value) {
        return out.append(value < 10 ? "0" : "").append(value);
    }
}
