package dev.monitor.core.audit.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.files.JsonLinesReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Not API: part of the monitor's audit runtime. The records of a journal segment, told apart from what is not a record: a line cut short by a
 * crash or a failed write, bytes that are not UTF-8, text that is not one whole JSON object with
 * an {@code eventTime}. Such a line is never delivered nor allowed to stop the others: it is kept
 * in {@code <audit>/quarantine/journal-<id>.jsonl} with the reason, one JSON object per line.
 * Blank lines hold no record and are skipped.
 */
public final class JournalRecords {
    /** A line that is a record: its text, its index entry and time. */
    public record Good(String text, LookupIndex.Entry entry) {
        /** The record's {@code eventID}, as its index entry holds it. */
        public String eventId() {
            return entry.eventId();
        }

        public Instant time() {
            return entry.time();
        }
    }

    /** A line that is not: where it was, why, and its bytes. */
    public record Bad(int line, String reason, byte[] bytes) {
    }

    /** What a segment holds. */
    public record Parsed(List<Good> good, List<Bad> bad) {
    }

    private static final String CUT = "cut short: the last line has no line end (a crash or a failed write)";

    private JournalRecords() {
    }

    /**
     * Reads a segment's lines with {@link JsonLinesReader}'s rules, with no cap below what an array
     * holds: the journal limits no record's size, and a record it acknowledged is read whole.
     *
     * @throws IOException when the segment cannot be read to its end: nothing of it may be delivered then
     */
    public static Parsed parse(Path segment) throws IOException {
        List<Good> good = new ArrayList<>();
        List<Bad> bad = new ArrayList<>();
        JsonLinesReader reader = new JsonLinesReader(Integer.MAX_VALUE - 1);
        IOException[] failed = {null};
        try (InputStream in = Files.newInputStream(segment)) {
            reader.read(in, (number, text) -> {
                if (!reader.lastLineEnded()) {
                    throw new IOException(CUT); // a whole object with no line end was never acknowledged either
                }
                try {
                    good.add(new Good(text, LookupIndex.entry(text)));
                } catch (IOException | RuntimeException e) {
                    throw new IOException("not an audit record: " + e.getMessage(), e);
                }
            }, new JsonLinesReader.Damage() {
                @Override
                public void line(int number, String reason, byte[] bytes) {
                    bad.add(new Bad(number, reader.lastLineEnded() ? reason : CUT, bytes));
                }

                @Override
                public void stream(int lines, IOException cause) {
                    failed[0] = cause;
                }
            });
        }
        if (failed[0] != null) {
            throw failed[0];
        }
        return new Parsed(good, bad);
    }

    /** The quarantine file of a segment. */
    public static Path quarantineOf(DataLayout layout, Path segment) {
        return layout.auditQuarantine().resolve(segment.getFileName());
    }

    /**
     * Keeps {@code bad} lines of {@code segment} in its quarantine file, written whole; returns how
     * many were newly kept (none when a delivery repeated after a crash finds the file there).
     */
    public static int quarantine(DataLayout layout, Path segment, List<Bad> bad, FileModes modes, ObjectMapper json) throws IOException {
        Path file = quarantineOf(layout, segment);
        if (bad.isEmpty() || Files.exists(file)) {
            return 0;
        }
        StringBuilder lines = new StringBuilder();
        for (Bad line : bad) {
            ObjectNode entry = json.createObjectNode();
            entry.put("segment", segment.getFileName().toString());
            entry.put("line", line.line());
            entry.put("reason", line.reason());
            entry.put("text", new String(line.bytes(), StandardCharsets.UTF_8));
            entry.put("base64", Base64.getEncoder().encodeToString(line.bytes()));
            lines.append(json.writeValueAsString(entry)).append('\n');
        }
        modes.folders(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        modes.write(temporary, lines.toString().getBytes(StandardCharsets.UTF_8));
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return bad.size();
    }
}
