package dev.monitor.core.audit.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.files.JsonLinesReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A segment is read by the shared line reader, and still as strictly as the journal's guarantees need. */
class JournalRecordsTest {
    @TempDir
    Path dir;

    private static String record(String name, String padding) {
        return "{\"eventName\":\"" + name + "\",\"eventTime\":\"2026-11-22T10:00:00Z\",\"note\":\"" + padding + "\"}";
    }

    @Test
    void aRecordLongerThanTheReadersDefaultCapIsReadWhole() throws IOException {
        String big = record("big", "x".repeat(JsonLinesReader.DEFAULT_MAX_LINE_BYTES + 1));
        Path segment = dir.resolve("journal-0019ab0000000001.jsonl");
        Files.writeString(segment, record("small", "") + "\n" + big + "\n");
        JournalRecords.Parsed read = JournalRecords.parse(segment);
        assertEquals(List.of(), read.bad());
        assertEquals(List.of(record("small", ""), big), read.good().stream().map(JournalRecords.Good::text).toList(),
                "an acknowledged record is never cut off by a cap");
    }

    @Test
    void damagedLinesKeepTheirBytesAndAWholeObjectWithoutLineEndIsCutShort() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes((record("r-1", "") + "\n").getBytes(StandardCharsets.UTF_8));
        byte[] latin1 = {'{', '"', (byte) 0xE9, '"', '}', '\r'};
        bytes.writeBytes(latin1);
        bytes.write('\n');
        bytes.writeBytes("  \n".getBytes(StandardCharsets.UTF_8)); // blank: no record, nothing to keep
        bytes.writeBytes(record("r-2", "").getBytes(StandardCharsets.UTF_8)); // whole, but its line end never made it
        Path segment = dir.resolve("journal-0019ab0000000002.jsonl");
        Files.write(segment, bytes.toByteArray());

        JournalRecords.Parsed read = JournalRecords.parse(segment);

        assertEquals(List.of(record("r-1", "")), read.good().stream().map(JournalRecords.Good::text).toList());
        assertEquals(2, read.bad().size(), read.bad().toString());
        assertEquals(2, read.bad().get(0).line());
        assertTrue(read.bad().get(0).reason().startsWith("not UTF-8"), read.bad().get(0).reason());
        assertArrayEquals(latin1, read.bad().get(0).bytes(), "kept as it was, carriage return and all");
        assertEquals(4, read.bad().get(1).line());
        assertTrue(read.bad().get(1).reason().startsWith("cut short"), read.bad().get(1).reason());
        assertArrayEquals(record("r-2", "").getBytes(StandardCharsets.UTF_8), read.bad().get(1).bytes());
    }

    @Test
    void aSegmentThatCannotBeReadThrowsRatherThanGiveWhatItRead() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("journal-0019ab0000000003.jsonl"));
        assertThrows(IOException.class, () -> JournalRecords.parse(folder), "nothing of it may be delivered and the segment deleted");
    }
}
