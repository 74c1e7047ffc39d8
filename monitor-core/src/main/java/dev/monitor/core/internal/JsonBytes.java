package dev.monitor.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that writes one JSON object at a time, by hand: the log writer's hot
 * loop, where building a Jackson generator per event cost more than the rest of the write.
 * Strings are escaped as RFC 8259 requires and encoded as UTF-8. Not thread-safe.
 */
public final class JsonBytes {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** Keys repeat from event to event: their quoted, escaped form with the colon is kept. */
    private static final int MAX_CACHED_NAMES = 4096;
    private final java.util.Map<String, byte[]> names = new java.util.HashMap<>();
    private byte[] bytes = new byte[1024];
    private char[] chars = new char[256];
    private int size;
    private boolean first;

    public void reset() {
        size = 0;
        if (bytes.length > (1 << 20)) {
            // One huge event must not keep a huge buffer alive.
            bytes = new byte[1 << 16];
        }
    }

    public byte[] array() {
        return bytes;
    }

    public int size() {
        return size;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    private void raw(char c) {
        ensure(1);
        bytes[size++] = (byte) c;
    }

    private void raw(String ascii) {
        int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) ascii.charAt(i);
        }
    }

    public JsonBytes startObject() {
        raw('{');
        first = true;
        return this;
    }

    public JsonBytes endObject() {
        raw('}');
        first = false;
        return this;
    }

    public JsonBytes name(String name) {
        if (!first) {
            raw(',');
        }
        first = false;
        byte[] encoded = names.get(name);
        if (encoded == null) {
            int start = size;
            string(name);
            raw(':');
            encoded = Arrays.copyOfRange(bytes, start, size);
            if (names.size() < MAX_CACHED_NAMES) {
                names.put(name, encoded);
            }
            return this;
        }
        raw(encoded);
        return this;
    }

    public void raw(byte[] ascii) {
        ensure(ascii.length);
        System.arraycopy(ascii, 0, bytes, size, ascii.length);
        size += ascii.length;
    }

    /** A timestamp string: a cached {@code "2026-11-22T10:00:00.} prefix, six digits of microseconds, {@code Z"}. */
    public JsonBytes timestamp(byte[] prefix, int micros) {
        raw(prefix);
        ensure(8);
        int high = micros / 1000;
        int low = micros - high * 1000;
        bytes[size++] = (byte) ('0' + high / 100);
        bytes[size++] = (byte) ('0' + high / 10 % 10);
        bytes[size++] = (byte) ('0' + high % 10);
        bytes[size++] = (byte) ('0' + low / 100);
        bytes[size++] = (byte) ('0' + low / 10 % 10);
        bytes[size++] = (byte) ('0' + low % 10);
        bytes[size++] = 'Z';
        bytes[size++] = '"';
        return this;
    }

    /**
     * A finite double. One with at most six decimals (42.5, 0.125) is written digit by digit:
     * the decimal read back is the same double, since it is exactly {@code scaled / 1e6} rounded
     * once. Others go through {@link Double#toString}.
     */
    public JsonBytes number(double value) {
        double scaledValue = value * 1_000_000;
        long scaled = (long) scaledValue;
        if (Math.abs(value) < 1e12 && scaled == scaledValue && scaled / 1_000_000.0 == value) {
            long whole = scaled / 1_000_000;
            long fraction = Math.abs(scaled % 1_000_000);
            if (scaled < 0 && whole == 0) {
                raw('-');
            }
            number(whole);
            if (fraction != 0) {
                int digits = 6;
                while (fraction % 10 == 0) {
                    fraction /= 10;
                    digits--;
                }
                ensure(8);
                bytes[size++] = '.';
                for (int i = size + digits - 1; i >= size; i--) {
                    bytes[i] = (byte) ('0' + fraction % 10);
                    fraction /= 10;
                }
                size += digits;
            }
            return this;
        }
        raw(Double.toString(value));
        return this;
    }

    /** A field name already encoded as {@code "name":}. */
    public JsonBytes name(byte[] encoded) {
        if (!first) {
            raw(',');
        }
        first = false;
        raw(encoded);
        return this;
    }

    /** {@code "name":} for a name, escaped, for {@link #name(byte[])}. */
    public static byte[] encodeName(String name) {
        JsonBytes json = new JsonBytes();
        json.string(name);
        json.raw(':');
        return Arrays.copyOf(json.bytes, json.size);
    }

    public JsonBytes stringField(String name, String value) {
        name(name);
        return value == null ? nullValue() : string(value);
    }

    public JsonBytes nullValue() {
        raw("null");
        return this;
    }

    public JsonBytes bool(boolean value) {
        raw(value ? "true" : "false");
        return this;
    }

    public JsonBytes number(long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                raw(Long.toString(value));
                return this;
            }
            raw('-');
            value = -value;
        }
        ensure(20);
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        for (int i = size + digits - 1; i >= size; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size += digits;
        return this;
    }

    /** A finite number as Java writes it (so 42.5, 1.0E-5); not for NaN or infinities. */
    public JsonBytes number(String javaNumber) {
        raw(javaNumber);
        return this;
    }

    /** A string value in quotes, escaped. */
    public JsonBytes string(String value) {
        int n = value.length();
        if (n > (1 << 16)) {
            return longString(value);
        }
        // Room for the worst case up front (6 bytes for a control character escaped as u00XX), so the common ASCII loop checks nothing.
        ensure(n * 6 + 2);
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        // Copying out once is cheaper than charAt's checks on every character.
        value.getChars(0, n, chars, 0);
        char[] text = chars;
        byte[] out = bytes;
        int at = size;
        out[at++] = '"';
        int i = 0;
        while (i < n) {
            char c = text[i];
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                out[at++] = (byte) c;
                i++;
            } else {
                break;
            }
        }
        size = at;
        for (; i < n; i++) {
            char c = text[i];
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                bytes[size++] = (byte) c;
            } else {
                special(value, i, c);
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                }
            }
        }
        raw('"');
        return this;
    }

    /** A long string, checking room character by character so as not to reserve six times its length. */
    private JsonBytes longString(String value) {
        raw('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            ensure(12);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                bytes[size++] = (byte) c;
            } else {
                special(value, i, c);
                if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                }
            }
        }
        raw('"');
        return this;
    }

    private void special(String value, int i, char c) {
        switch (c) {
            case '"' -> { bytes[size++] = '\\'; bytes[size++] = '"'; }
            case '\\' -> { bytes[size++] = '\\'; bytes[size++] = '\\'; }
            case '\n' -> { bytes[size++] = '\\'; bytes[size++] = 'n'; }
            case '\r' -> { bytes[size++] = '\\'; bytes[size++] = 'r'; }
            case '\t' -> { bytes[size++] = '\\'; bytes[size++] = 't'; }
            case '\b' -> { bytes[size++] = '\\'; bytes[size++] = 'b'; }
            case '\f' -> { bytes[size++] = '\\'; bytes[size++] = 'f'; }
            default -> {
                if (c < 0x20) {
                    bytes[size++] = '\\';
                    bytes[size++] = 'u';
                    bytes[size++] = '0';
                    bytes[size++] = '0';
                    bytes[size++] = HEX[c >> 4];
                    bytes[size++] = HEX[c & 0xf];
                } else if (c < 0x800) {
                    bytes[size++] = (byte) (0xc0 | (c >> 6));
                    bytes[size++] = (byte) (0x80 | (c & 0x3f));
                } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    int code = Character.toCodePoint(c, value.charAt(i + 1));
                    bytes[size++] = (byte) (0xf0 | (code >> 18));
                    bytes[size++] = (byte) (0x80 | ((code >> 12) & 0x3f));
                    bytes[size++] = (byte) (0x80 | ((code >> 6) & 0x3f));
                    bytes[size++] = (byte) (0x80 | (code & 0x3f));
                } else if (Character.isSurrogate(c)) {
                    // A lone surrogate is not text: written as U+FFFD, as Java's own encoder does.
                    bytes[size++] = (byte) 0xef;
                    bytes[size++] = (byte) 0xbf;
                    bytes[size++] = (byte) 0xbd;
                } else {
                    bytes[size++] = (byte) (0xe0 | (c >> 12));
                    bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                    bytes[size++] = (byte) (0x80 | (c & 0x3f));
                }
            }
        }
    }

    public JsonBytes startArray() {
        raw('[');
        first = true;
        return this;
    }

    public JsonBytes endArray() {
        raw(']');
        first = false;
        return this;
    }

    /** An array element's separator: call before each element. */
    public JsonBytes element() {
        if (!first) {
            raw(',');
        }
        first = false;
        return this;
    }
}
