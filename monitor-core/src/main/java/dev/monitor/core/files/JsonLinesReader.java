package dev.monitor.core.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads the JSON-lines files a monitor writes (metrics, log events, segments, the audit journal)
 * strictly, and never fails on a damaged one. A line is split at {@code \n} (a trailing {@code \r}
 * dropped) and must be UTF-8: one that is not, or that is longer than the reader's cap (never held
 * in memory past the cap), is reported as {@code <name>:<line>: <reason>} and skipped; so is a line
 * the handler rejects with an exception (its message is the reason). A file that cannot be read on
 * (cut, a gzip stream that ends early, unreadable, a directory) is reported as
 * {@code <name>: <reason>} after the lines it gave up to there. Blank lines are skipped.
 *
 * <p>Reused across files; not thread-safe (one buffer per reader).
 */
public final class JsonLinesReader {
    /** The default cap: longer lines are not lines this library wrote. */
    public static final int DEFAULT_MAX_LINE_BYTES = 8 << 20;

    private final int maxLineBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] chunk = new byte[1 << 16];
    private byte[] line = new byte[1 << 12];
    private int lastLineBytes;

    /** A reader with the {@linkplain #DEFAULT_MAX_LINE_BYTES default cap} of 8 MiB per line. */
    public JsonLinesReader() {
        this(DEFAULT_MAX_LINE_BYTES);
    }

    /** A reader that skips lines longer than {@code maxLineBytes}. */
    public JsonLinesReader(int maxLineBytes) {
        if (maxLineBytes < 1 || maxLineBytes >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("line cap " + maxLineBytes + " must be from 1 to " + (Integer.MAX_VALUE - 1));
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** What is done with each readable line; an exception rejects the line, reported with the exception's message. */
    @FunctionalInterface
    public interface LineHandler {
        void line(int number, String text) throws Exception;
    }

    /**
     * Reads {@code file} (gunzipped when its name ends with {@code .gz}), naming it {@code name} in
     * problems, such as its name within the folder the caller reports.
     *
     * @param problems receives {@code <name>:<line>: <reason>} per skipped line and {@code <name>: <reason>}
     *                 for a file that could not be read on
     * @return how many lines the handler accepted
     */
    public int read(Path file, String name, LineHandler handler, Consumer<String> problems) {
        if (!Files.isRegularFile(file)) {
            problems.accept(name + ": not a regular file");
            return 0;
        }
        try (InputStream in = RollingFile.open(file)) {
            return read(in, name, handler, problems);
        } catch (IOException | UncheckedIOException e) {
            problems.accept(name + ": " + reason(e));
            return 0;
        }
    }

    /** Reads a stream the caller opened and closes; as {@link #read(Path, String, LineHandler, Consumer)}. */
    public int read(InputStream in, String name, LineHandler handler, Consumer<String> problems) {
        int[] accepted = {0};
        LineSink sink = (number, bytes, offset, length, fullLength) -> {
            if (fullLength > maxLineBytes) {
                problems.accept(name + ":" + number + ": longer than " + describe(maxLineBytes));
                return;
            }
            String text = decode(bytes, offset, length);
            if (text == null) {
                problems.accept(name + ":" + number + ": not UTF-8 text");
            } else if (!text.isBlank()) {
                lastLineBytes = length;
                try {
                    handler.line(number, text);
                    accepted[0]++;
                } catch (Exception e) {
                    problems.accept(name + ":" + number + ": " + reason(e));
                }
            }
        };
        try {
            forEach(in, sink);
        } catch (IOException | UncheckedIOException e) {
            problems.accept(name + ": " + reason(e));
        }
        return accepted[0];
    }

    /** The size in bytes (without its line end) of the line last handed to a handler: for readers that count bytes scanned. */
    public int lastLineBytes() {
        return lastLineBytes;
    }

    private static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String describe(int bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes % 1024 == 0 ? (bytes >> 10) + " KiB" : bytes + " bytes";
    }

    /** The line as text, or null when its bytes are not UTF-8 (a reader that replaced them would hide damage). */
    private String decode(byte[] bytes, int offset, int length) {
        try {
            return utf8.reset().decode(ByteBuffer.wrap(bytes, offset, length)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private interface LineSink {
        /** One line: {@code length} usable bytes at {@code offset}; {@code fullLength} past the cap when the line was. */
        void accept(int number, byte[] bytes, int offset, int length, long fullLength);
    }

    /**
     * Splits at {@code \n}. A line within one chunk is decoded where it lies; one spanning chunks is
     * gathered, holding at most the cap plus one byte of it.
     */
    private void forEach(InputStream in, LineSink sink) throws IOException {
        int kept = 0;
        long length = 0;
        int number = 0;
        int n;
        while ((n = in.read(chunk)) > 0) {
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (chunk[i] == '\n') {
                    if (length == 0) {
                        deliver(sink, ++number, chunk, from, i - from, i - from);
                    } else {
                        kept = append(kept, from, i - from);
                        length += i - from;
                        deliver(sink, ++number, line, 0, kept, length);
                    }
                    kept = 0;
                    length = 0;
                    from = i + 1;
                }
            }
            kept = append(kept, from, n - from);
            length += n - from;
        }
        if (length > 0) {
            deliver(sink, ++number, line, 0, kept, length);
        }
    }

    private void deliver(LineSink sink, int number, byte[] bytes, int offset, int kept, long length) {
        int usable = kept;
        if (length <= maxLineBytes && usable > 0 && bytes[offset + usable - 1] == '\r') {
            usable--;
        }
        sink.accept(number, bytes, offset, usable, length);
    }

    /** Appends up to {@code count} bytes of the chunk after the line's first {@code kept}, never past the cap; the new kept. */
    private int append(int kept, int from, int count) {
        int take = Math.min(count, Math.max(0, maxLineBytes + 1 - kept));
        if (take == 0) {
            return kept;
        }
        if (kept + take > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes + 1, Math.max(line.length * 2, kept + take)));
        }
        System.arraycopy(chunk, from, line, kept, take);
        return kept + take;
    }
}
