package dev.monitor.core.logs.internal;

import dev.monitor.core.internal.JsonBytes;
import dev.monitor.core.redaction.SecretWords;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One event as one JSON line: {@code timestamp} (UTC, microseconds), {@code level},
 * {@code logger}, {@code thread}, {@code message}, the context's and the event's fields at the
 * top level, {@code markers}, {@code traceId} and {@code segmentId} inside a trace, and
 * {@code exception} with {@code type}, {@code message}, {@code stack} and {@code cause}.
 *
 * <p>Values of keys that name secrets are written as {@value #REDACTED}, at any depth of a map or
 * list, and so are the secrets in free text ({@link SecretWords#scrubText}): the message (an
 * argument placed after a secret key is masked whole), string values of fields and context, and
 * the messages of the exception and its causes. An event larger than
 * the limit is written again with long strings and stacks cut, and {@code "truncated": true};
 * it is never dropped for its size. Not thread-safe: the writer thread owns one. Not API.
 */
public final class LogJson {
    public static final String REDACTED = "[REDACTED]";
    /** The fields every event has; an event field of the same name is written as {@code field.<name>}. */
    static final Set<String> RESERVED = Set.of("timestamp", "level", "logger", "thread", "message", "markers",
            "traceId", "segmentId", "exception", "truncated");
    private static final int CUT_STRING = 1024;
    private static final int CUT_FRAMES = 20;
    private static final int MAX_FRAMES = 200;
    private static final int MAX_CAUSES = 8;
    /** Keys seen are few and repeat: their secret test is remembered, up to this many. */
    private static final int MAX_REMEMBERED_KEYS = 4096;

    private final JsonBytes json = new JsonBytes();
    private final SecretWords secretWords;
    /** What a key needs, looked up once per field: its encoded name (reserved ones renamed) and whether it is secret. */
    private record Key(byte[] name, boolean secret) {
    }

    private final Map<String, Key> keys = new HashMap<>();
    private final int maxBytes;
    private long timestampSecond = Long.MIN_VALUE;
    private byte[] timestampPrefix;

    /** @param secretWords a key containing one, in any case, is a secret */
    LogJson(List<String> secretWords, int maxBytes) {
        this.secretWords = new SecretWords(secretWords);
        this.maxBytes = maxBytes;
    }

    boolean isSecret(String key) {
        return key(key).secret();
    }

    private Key key(String key) {
        Key known = keys.get(key);
        if (known != null) {
            return known;
        }
        Key made = new Key(JsonBytes.encodeName(RESERVED.contains(key) ? "field." + key : key), secretWords.isSecret(key));
        if (keys.size() < MAX_REMEMBERED_KEYS) {
            keys.put(key, made);
        }
        return made;
    }

    /** Encodes {@code event} within the size limit; the returned buffer holds the line until the next call. */
    JsonBytes encode(EventBuilder event) {
        String message = message(event);
        write(event, message, false);
        if (json.size() > maxBytes) {
            write(event, message, true);
            if (json.size() > maxBytes) {
                writeMinimal(event, message);
            }
        }
        return json;
    }

    /** The event's message, formatted and with every secret it holds masked; kept in the event for live tail and filters. */
    String message(EventBuilder event) {
        if (event.pattern != null) {
            event.message = MessageArguments.format(event.pattern, event.arguments, secretWords, REDACTED);
            event.pattern = null;
            event.arguments = null;
        }
        return scrub(event.message);
    }

    private String scrub(String text) {
        return secretWords.scrubText(text, REDACTED);
    }

    private void write(EventBuilder event, String message, boolean cut) {
        writeEnvelope(event, cut ? cut(message) : message);
        writeContext(event.context, cut);
        writeContext(event.extraContext, cut);
        for (int i = 0; i < event.fieldCount; i += 2) {
            Key key = key((String) event.fields[i]);
            Object value = event.fields[i + 1];
            json.name(key.name());
            if (key.secret()) {
                json.string(REDACTED);
            } else if (value == null) {
                json.nullValue();
            } else if (value instanceof Boolean b) {
                json.bool(b);
            } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                json.number(((Number) value).longValue());
            } else if (value instanceof Double d && Double.isFinite(d)) {
                json.number(d.doubleValue());
            } else if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
                json.number(n.toString());
            } else if (value instanceof MessageArguments.Nested) {
                StringBuilder text = new StringBuilder();
                MessageArguments.render(text, value, secretWords, REDACTED);
                String scrubbed = scrub(text.toString());
                json.string(cut ? cut(scrubbed) : scrubbed);
            } else {
                String scrubbed = scrub(value.toString());
                json.string(cut ? cut(scrubbed) : scrubbed);
            }
        }
        if (event.markers != null) {
            json.name("markers").startArray();
            for (String marker : event.markers) {
                json.element().string(marker);
            }
            json.endArray();
        }
        if (event.traceId != null) {
            json.stringField("traceId", event.traceId);
            json.stringField("segmentId", event.segmentId);
        }
        if (event.cause != null) {
            json.name("exception");
            writeThrowable(event.cause, cut, 0);
        }
        if (cut) {
            json.name("truncated").bool(true);
        }
        json.endObject();
    }

    private void writeContext(Map<String, String> values, boolean cut) {
        if (values == null || values.isEmpty()) {
            return;
        }
        cutContext = cut;
        values.forEach(contextEntry); // no iterator per event, as entrySet() would make: the writer allocates what it hands on only
    }

    /** Whether {@link #contextEntry} cuts values; set before each use, on the writer thread. */
    private boolean cutContext;
    private final BiConsumer<String, String> contextEntry = this::writeContextEntry;

    private void writeContextEntry(String name, String text) {
        Key key = key(name);
        String value = key.secret() ? REDACTED : cutContext ? cut(scrub(text)) : scrub(text);
        json.name(key.name());
        if (value == null) {
            json.nullValue();
        } else {
            json.string(value);
        }
    }

    private void writeThrowable(Throwable throwable, boolean cut, int depth) {
        json.startObject();
        json.stringField("type", throwable.getClass().getName());
        String message;
        try {
            message = throwable.getMessage();
        } catch (RuntimeException e) {
            message = "[FAILED getMessage(): " + e + "]";
        }
        message = scrub(message);
        json.stringField("message", cut ? cut(message) : message);
        StackTraceElement[] frames = throwable.getStackTrace();
        int shown = Math.min(frames.length, cut ? CUT_FRAMES : MAX_FRAMES);
        json.name("stack").startArray();
        for (int i = 0; i < shown; i++) {
            json.element().string(frames[i].toString());
        }
        json.endArray();
        if (shown < frames.length) {
            json.name("framesOmitted").number(frames.length - shown);
        }
        Throwable cause = throwable.getCause();
        if (cause != null && cause != throwable && depth < MAX_CAUSES) {
            json.name("cause");
            writeThrowable(cause, cut, depth + 1);
        }
        json.endObject();
    }

    /** Starts a line with what every event has: timestamp, level, logger, thread and message. */
    private void writeEnvelope(EventBuilder event, String message) {
        json.reset();
        json.startObject();
        writeTimestamp(event.epochMicros);
        json.stringField("level", event.level.name());
        json.stringField("logger", event.logger);
        json.stringField("thread", event.thread);
        json.stringField("message", message);
    }

    /** The last resort: the envelope and as much of the message as fits. */
    private void writeMinimal(EventBuilder event, String scrubbed) {
        String message = scrubbed == null ? "" : scrubbed;
        // At most 4 bytes of UTF-8 per char (6 when escaped): room chars always fit.
        int room = Math.max(0, maxBytes / 6 - 256);
        writeEnvelope(event, message.length() > room ? message.substring(0, room) : message);
        json.name("truncated").bool(true);
        json.endObject();
    }

    private static String cut(String text) {
        return text == null || text.length() <= CUT_STRING ? text : text.substring(0, CUT_STRING) + "...";
    }

    /** The timestamp field, with the part up to the second kept from the previous event of the same second. */
    private void writeTimestamp(long epochMicros) {
        long second = Math.floorDiv(epochMicros, 1_000_000L);
        if (second != timestampSecond) {
            String full = timestamp(second * 1_000_000L);
            timestampPrefix = ("\"" + full.substring(0, full.length() - 7)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            timestampSecond = second;
        }
        json.name("timestamp").timestamp(timestampPrefix, (int) Math.floorMod(epochMicros, 1_000_000L));
    }

    /** {@code 2026-11-22T10:00:00.123456Z}. */
    public static String timestamp(long epochMicros) {
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
