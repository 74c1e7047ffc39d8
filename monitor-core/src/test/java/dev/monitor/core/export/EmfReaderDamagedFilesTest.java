package dev.monitor.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged EMF file is reported where it is damaged, and every other file and line is still read. */
class EmfReaderDamagedFilesTest {
    private static final String GOOD = "{\"_aws\":{\"Timestamp\":1795341600000,\"CloudWatchMetrics\":[{\"Namespace\":\"Shop\","
            + "\"Dimensions\":[[\"Region\"]],\"Metrics\":[{\"Name\":\"Orders\",\"Unit\":\"Count\"}]}]},"
            + "\"Region\":\"eu\",\"Orders\":[1,2,2]}";

    @TempDir
    Path dir;

    @Test
    void bytesThatAreNotUtf8SpoilOnlyTheirLine() throws Exception {
        byte[] good = (GOOD + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] bad = (GOOD + "\r\n").getBytes(StandardCharsets.UTF_8);
        bad[40] = (byte) 0xFF;
        Files.write(dir.resolve("emf-20261122T100000Z-0.jsonl"), concat(good, bad, good));
        EmfReader.Result read = EmfReader.readDirectory(dir);
        assertEquals(2, read.datapoints().size());
        assertEquals(List.of("emf-20261122T100000Z-0.jsonl:2: not UTF-8 text"), read.problems());
        assertEquals(2, read.documents());
    }

    @Test
    void aDirectoryWhereAFileWasIsReportedAndTheOtherFilesRead() throws Exception {
        Files.createDirectory(dir.resolve("emf-20261122T100000Z-0.jsonl"));
        Files.writeString(dir.resolve("emf-20261122T110000Z-0.jsonl"), GOOD); // cut before its newline: still a whole document
        Files.writeString(dir.resolve("emf-20261122T120000Z-0.jsonl"), GOOD.substring(0, 50));
        Files.writeString(dir.resolve("emf-20261122T130000Z-0.jsonl"), "");
        EmfReader.Result read = EmfReader.readDirectory(dir);
        assertEquals(1, read.datapoints().size());
        assertEquals(2, read.problems().size(), read.problems().toString());
        assertEquals("emf-20261122T100000Z-0.jsonl: not a regular file", read.problems().get(0));
        assertTrue(read.problems().get(1).startsWith("emf-20261122T120000Z-0.jsonl:1: "), read.problems().get(1));
    }

    @Test
    void aLineLongerThanAnyEmfIsSkippedWithoutHoldingIt() throws Exception {
        byte[] huge = new byte[dev.monitor.core.files.JsonLinesReader.DEFAULT_MAX_LINE_BYTES + 10];
        java.util.Arrays.fill(huge, (byte) 'x');
        Files.write(dir.resolve("emf-20261122T100000Z-0.jsonl"), concat((GOOD + "\n").getBytes(StandardCharsets.UTF_8), huge,
                ("\n" + GOOD).getBytes(StandardCharsets.UTF_8)));
        EmfReader.Result read = EmfReader.readDirectory(dir);
        assertEquals(2, read.datapoints().size());
        assertEquals(List.of("emf-20261122T100000Z-0.jsonl:2: longer than 8 MiB"), read.problems());
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
