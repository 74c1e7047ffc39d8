package dev.monitor.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that writes one JSON document at a time, by hand: the one JSON writer of
 * the hot paths (log events, segment documents, audit records, bus events), chosen over a reused Jackson
 * generator by {@code JsonBenchmarks} (monitor-benchmarks/RESULTS.md). Strings are escaped as RFC
 * 8259 requires and encoded as UTF-8; where the escapes may differ, a {@link Style} says whose
 * bytes to write, so that documents Jackson used to write keep every byte. Not thread-safe.
 */
public final class JsonBytes {
    private static final byte[] LOWER_HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UPPER_HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    /**
     * Whose bytes the few characters JSON lets a writer choose how to write come out as: control
     * characters without a short escape, characters outside the Basic Multilingual Plane, and
     * unpaired surrogates. The rest (ASCII, short escapes, other UTF-8) is the same in all three.
     */
    public enum Style {
        /** The log files': <code>&#92;u001f</code>, UTF-8, an unpaired surrogate as U+FFFD. */
        LOG_FILES,
        /**
         * What Jackson 2.18's byte generator ({@code writeValueAsBytes}) writes: <code>&#92;u001F</code>,
         * and every surrogate, paired or not, as its own <code>&#92;uD83D</code> escape. Audit records.
         */
        JACKSON_BYTES,
        /**
         * What Jackson's text generator writes, encoded by {@link String#getBytes}: <code>&#92;u001F</code>,
         * UTF-8, an unpaired surrogate as {@code ?}. Segment documents.
         */
        JACKSON_TEXT,
        /**
         * What the event envelope was written as by hand, encoded by {@link String#getBytes}: <code>&#92;u001f</code>,
         * backspace and form feed too (<code>&#92;u0008</code>, <code>&#92;u000c</code>), UTF-8, an unpaired
         * surrogate as {@code ?}. Events on a bus and their dead letters.
         */
        EVENTS
    }

    private final Style style;
    private final byte[] hex;
    /** Keys repeat from event to event: their quoted, escaped form with the colon is kept. */
    private static final int MAX_CACHED_NAMES = 4096;
    private final java.util.Map<String, byte[]> names = new java.util.HashMap<>();
    private byte[] bytes = new byte[1024];
    private char[] chars = new char[256];
    private int size;
    private boolean first;

    /** A writer of the log files' style. */
    public JsonBytes() {
        this(Style.LOG_FILES);
    }

    public JsonBytes(Style style) {
        this.style = style;
        this.hex = style == Style.LOG_FILES || style == Style.EVENTS ? LOWER_HEX : UPPER_HEX;
    }

    public Style style() {
        return style;
    }

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

    /** Cuts what was written back to its first {@code size} bytes: a value found too large is taken back. */
    public void truncate(int size) {
        if (size < 0 || size > this.size) {
            throw new IllegalArgumentException("cannot cut " + this.size + " bytes to " + size);
        }
        this.size = size;
    }

    /** What was written, as text. */
    public String text() {
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }

    /** What was written, as a new array of its own. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
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
        raw(ascii, 0, ascii.length);
    }

    /** Bytes that are already JSON (a value another writer made), as they are. */
    public void raw(byte[] json, int offset, int length) {
        ensure(length);
        System.arraycopy(json, offset, bytes, size, length);
        size += length;
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

    /**
     * A double as Jackson's generator writes it: {@link Double#toString} (so 1.0, 1.0E-5), and NaN
     * or an infinity as a string ({@code "NaN"}), as its default {@code QUOTE_NON_NUMERIC_NUMBERS} does.
     */
    public JsonBytes javaNumber(double value) {
        String text = Double.toString(value);
        return Double.isFinite(value) ? number(text) : string(text);
    }

    /** A float as Jackson's generator writes it: {@link Float#toString}, a non-finite one as a string. */
    public JsonBytes javaNumber(float value) {
        String text = Float.toString(value);
        return Float.isFinite(value) ? number(text) : string(text);
    }

    /** A decimal point and six digits: the microseconds of epoch seconds written as {@code 1767225600.000042}. */
    public JsonBytes fraction(int micros) {
        if (micros < 0 || micros > 999_999) {
            throw new IllegalArgumentException("microseconds " + micros + " are not from 0 to 999999");
        }
        ensure(7);
        bytes[size++] = '.';
        for (int i = size + 5; i >= size; i--) {
            bytes[i] = (byte) ('0' + micros % 10);
            micros /= 10;
        }
        size += 6;
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
                i += special(value, i, c);
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
                i += special(value, i, c);
            }
        }
        raw('"');
        return this;
    }

    /** Writes the character at {@code i}, which needs more than a byte; returns how many more characters it took (0, or 1 for a pair). */
    private int special(String value, int i, char c) {
        switch (c) {
            case '"' -> { bytes[size++] = '\\'; bytes[size++] = '"'; }
            case '\\' -> { bytes[size++] = '\\'; bytes[size++] = '\\'; }
            case '\n' -> { bytes[size++] = '\\'; bytes[size++] = 'n'; }
            case '\r' -> { bytes[size++] = '\\'; bytes[size++] = 'r'; }
            case '\t' -> { bytes[size++] = '\\'; bytes[size++] = 't'; }
            case '\b', '\f' -> {
                if (style == Style.EVENTS) {
                    escape(c);
                } else {
                    bytes[size++] = '\\';
                    bytes[size++] = c == '\b' ? (byte) 'b' : (byte) 'f';
                }
            }
            default -> {
                if (c < 0x20) {
                    escape(c);
                } else if (c < 0x800) {
                    bytes[size++] = (byte) (0xc0 | (c >> 6));
                    bytes[size++] = (byte) (0x80 | (c & 0x3f));
                } else if (Character.isSurrogate(c)) {
                    return surrogate(value, i, c);
                } else {
                    bytes[size++] = (byte) (0xe0 | (c >> 12));
                    bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                    bytes[size++] = (byte) (0x80 | (c & 0x3f));
                }
            }
        }
        return 0;
    }

    /** A backslash, {@code u} and four hex digits of the style's case. */
    private void escape(char c) {
        bytes[size++] = '\\';
        bytes[size++] = 'u';
        bytes[size++] = hex[c >> 12];
        bytes[size++] = hex[(c >> 8) & 0xf];
        bytes[size++] = hex[(c >> 4) & 0xf];
        bytes[size++] = hex[c & 0xf];
    }

    private int surrogate(String value, int i, char c) {
        if (style == Style.JACKSON_BYTES) {
            escape(c); // its partner, if any, comes next as its own escape
            return 0;
        }
        if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
            int code = Character.toCodePoint(c, value.charAt(i + 1));
            bytes[size++] = (byte) (0xf0 | (code >> 18));
            bytes[size++] = (byte) (0x80 | ((code >> 12) & 0x3f));
            bytes[size++] = (byte) (0x80 | ((code >> 6) & 0x3f));
            bytes[size++] = (byte) (0x80 | (code & 0x3f));
            return 1;
        }
        if (style == Style.JACKSON_TEXT || style == Style.EVENTS) {
            bytes[size++] = '?'; // as String.getBytes encodes the unpaired surrogate a text writer leaves
        } else {
            // A lone surrogate is not text: written as U+FFFD, as Java's own encoder does.
            bytes[size++] = (byte) 0xef;
            bytes[size++] = (byte) 0xbf;
            bytes[size++] = (byte) 0xbd;
        }
        return 0;
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
