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
 * {@code <name>: <reason>} after the lines it gave up to there. Blank lines are skipped. A caller
 * that keeps or counts damage itself reads with a {@link Damage} instead, which is given each
 * damaged line's bytes.
 *
 * <p>Reused across files; not thread-safe (one buffer per reader).
 */
public final class JsonLinesReader {
    /** The default cap: longer lines are not lines this library wrote. */
    public static final int DEFAULT_MAX_LINE_BYTES = 8 << 20;
    /** The reason given for a line that is not UTF-8. */
    public static final String NOT_UTF8 = "not UTF-8 text";

    private final int maxLineBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] chunk = new byte[1 << 16];
    private byte[] line = new byte[1 << 12];
    private int lastLineBytes;
    private boolean lastLineEnded;
    /** Lines split off the stream being read. */
    private int lines;

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
        return read(in, handler, new Damage() {
            @Override
            public void line(int number, String reason, byte[] bytes) {
                problems.accept(name + ":" + number + ": " + reason);
            }

            @Override
            public void stream(int lines, IOException cause) {
                problems.accept(name + ": " + reason(cause));
            }
        });
    }

    /**
     * What a reader tells a caller that keeps or counts damage itself rather than print it: the
     * audit journal quarantines damaged lines with their bytes, the log and trace readers count them.
     */
    public interface Damage {
        /**
         * Line {@code number} was not handed over: not UTF-8 ({@link #NOT_UTF8}), longer than the cap, or
         * rejected by the handler (the exception's message). {@code bytes} are the line as it was read, without
         * its {@code \n} (the first cap + 1 of a longer one); {@link #lastLineEnded()} tells whether it had one.
         */
        void line(int number, String reason, byte[] bytes);

        /** The stream could not be read on (cut, a gzip stream that ends early, unreadable) after line {@code lines}. */
        void stream(int lines, IOException cause);
    }

    /**
     * Reads a stream the caller opened and closes, telling {@code damage} what was not handed over.
     * Nothing is thrown: a failing stream ends the reading with {@link Damage#stream}.
     *
     * @return how many lines the handler accepted
     */
    public int read(InputStream in, LineHandler handler, Damage damage) {
        int[] accepted = {0};
        LineSink sink = (number, bytes, offset, length, kept, fullLength) -> {
            if (fullLength > maxLineBytes) {
                damage.line(number, "longer than " + describe(maxLineBytes),
                        Arrays.copyOfRange(bytes, offset, offset + Math.min(kept, maxLineBytes + 1)));
                return;
            }
            String text = decode(bytes, offset, length);
            if (text == null) {
                damage.line(number, NOT_UTF8, Arrays.copyOfRange(bytes, offset, offset + kept));
            } else if (!text.isBlank()) {
                lastLineBytes = length;
                try {
                    handler.line(number, text);
                    accepted[0]++;
                } catch (Exception e) {
                    damage.line(number, reason(e), Arrays.copyOfRange(bytes, offset, offset + kept));
                }
            }
        };
        lines = 0;
        try {
            forEach(in, sink);
        } catch (IOException e) {
            damage.stream(lines, e);
        } catch (UncheckedIOException e) {
            damage.stream(lines, e.getCause());
        }
        return accepted[0];
    }

    /** The size in bytes (without its line end) of the line last handed to a handler: for readers that count bytes scanned. */
    public int lastLineBytes() {
        return lastLineBytes;
    }

    /**
     * Whether the line last handed over or reported ended with {@code \n}: false only for a stream's
     * last line when it has none (cut by a crash, or still being written).
     */
    public boolean lastLineEnded() {
        return lastLineEnded;
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
        /**
         * One line: {@code length} usable bytes at {@code offset} (without a trailing {@code \r}), {@code kept} bytes
         * read of it; {@code fullLength} past the cap when the line was.
         */
        void accept(int number, byte[] bytes, int offset, int length, int kept, long fullLength);
    }

    /**
     * Splits at {@code \n}. A line within one chunk is decoded where it lies; one spanning chunks is
     * gathered, holding at most the cap plus one byte of it.
     */
    private void forEach(InputStream in, LineSink sink) throws IOException {
        int kept = 0;
        long length = 0;
        int n;
        while ((n = in.read(chunk)) > 0) {
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (chunk[i] == '\n') {
                    if (length == 0) {
                        deliver(sink, chunk, from, i - from, i - from, true);
                    } else {
                        kept = append(kept, from, i - from);
                        length += i - from;
                        deliver(sink, line, 0, kept, length, true);
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
            deliver(sink, line, 0, kept, length, false);
        }
    }

    private void deliver(LineSink sink, byte[] bytes, int offset, int kept, long length, boolean ended) {
        int usable = kept;
        if (length <= maxLineBytes && usable > 0 && bytes[offset + usable - 1] == '\r') {
            usable--;
        }
        lastLineEnded = ended;
        sink.accept(++lines, bytes, offset, usable, kept, length);
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
