package dev.monitor.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the segment files: every *.jsonl under the folder, and damaged files reported, never thrown. */
class TraceFilesTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;

    static String segment(int n, double seconds) {
        return ("{\"name\":\"orders\",\"id\":\"%016x\",\"trace_id\":\"1-6921a6a0-%024x\",\"start_time\":%d.%06d,\"end_time\":%s}")
                .formatted(n + 1, n, T0.getEpochSecond(), n % 1_000_000,
                        java.math.BigDecimal.valueOf(T0.getEpochSecond()).add(java.math.BigDecimal.valueOf(n % 1_000_000, 6))
                                .add(java.math.BigDecimal.valueOf(seconds)).toPlainString());
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static int traces(TraceIndex index) {
        return index.traceSummariesTree("", T0.minusSeconds(1), T0.plusSeconds(3600)).get("TraceSummaries").size();
    }

    @Test
    void everyJsonLinesFileUnderTheFolderIsRead() throws Exception {
        Files.writeString(dir.resolve("segments-test.jsonl"), segment(1, 0.1) + "\n");
        Files.createDirectories(dir.resolve("host-b"));
        Files.writeString(dir.resolve("host-b/copied.jsonl"), segment(2, 0.1) + "\n");
        Files.write(dir.resolve("old.jsonl.gz"), gzip(segment(3, 0.1) + "\n"));
        Files.writeString(dir.resolve("notes.txt"), "not a segment file");
        List<String> problems = new ArrayList<>();
        TraceIndex index = TraceIndex.read(dir, problems);
        assertEquals(List.of(), problems);
        assertEquals(3, traces(index), "segments-test.jsonl, a subfolder's file and a gzipped one");
    }

    @Test
    void damagedFilesAreReportedAndTheRestAnswer() throws Exception {
        Files.writeString(dir.resolve("segments-good.jsonl"), segment(1, 0.1) + "\n" + segment(2, 0.2) + "\n");
        StringBuilder noise = new StringBuilder();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 50_000; i++) {
            noise.append(Integer.toHexString(random.nextInt(16)));
        }
        byte[] zipped = gzip(segment(3, 0.1) + "\n" + segment(4, 0.1) + "\n" + noise + "\n");
        Files.write(dir.resolve("segments-cut.jsonl.gz"), Arrays.copyOf(zipped, zipped.length - 100));
        byte[] latin1 = (segment(5, 0.1) + "\n{\"name\":\"caf\u00e9\"}\n" + segment(7, 0.1) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("segments-latin1.jsonl"), latin1);
        Files.createDirectories(dir.resolve("segments-dir.jsonl"));
        Files.writeString(dir.resolve("segments-garbage.jsonl"), "garbage\n" + segment(6, 0.1) + "\n[1,2]\n{\"name\":\"no ids\"}\n");
        List<String> problems = new ArrayList<>();
        TraceIndex index = TraceIndex.read(dir, problems);
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.contains(dir.resolve("segments-dir.jsonl") + ": a directory, where a segment file was expected"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(dir.resolve("segments-cut.jsonl.gz")
                + ": the compressed file is cut short or damaged after line 2 (the lines before were read)")), problems.toString());
        assertTrue(problems.contains(dir.resolve("segments-latin1.jsonl") + ": 1 line is not UTF-8 (line 2); the other lines were read"),
                problems.toString());
        assertTrue(problems.contains(dir.resolve("segments-garbage.jsonl")
                + ": 3 lines are not a segment document (line 1 first); the other lines were read"), problems.toString());
        // Intact: both of the good file, the two lines before the cut, two of the latin-1 file, the garbage file's one.
        assertEquals(7, traces(index), problems.toString());
    }

    /**
     * The tracer's files are read in the order it wrote them, by time and then sequence number
     * ({@code -10} after {@code -9}, where names sort the other way): a segment sent in progress and
     * again whole is whole, as X-Ray keeps the last document of an id.
     */
    @Test
    void aDocumentSentAgainInALaterFileReplacesTheEarlierPastSequenceNine() throws Exception {
        String whole = segment(1, 0.1);
        String inProgress = whole.replaceAll(",\"end_time\":[0-9.]+", ",\"in_progress\":true");
        Files.writeString(dir.resolve("segments-20261122T100000Z-9.jsonl"), inProgress + "\n");
        Files.writeString(dir.resolve("segments-20261122T100000Z-10.jsonl"), whole + "\n");
        List<String> problems = new ArrayList<>();
        JsonNode summaries = TraceIndex.read(dir, problems).traceSummariesTree("", T0.minusSeconds(1), T0.plusSeconds(3600))
                .get("TraceSummaries");
        assertEquals(List.of(), problems);
        assertEquals(1, summaries.size());
        assertEquals(false, summaries.get(0).get("IsPartial").asBoolean(), "the whole document, written last, counts");
    }

    /** One subfolder that cannot be read is reported; the files beside it still answer. */
    @Test
    void anUnreadableSubfolderIsReportedAndTheRestAnswer() throws Exception {
        Files.writeString(dir.resolve("segments-a.jsonl"), segment(1, 0.1) + "\n");
        Path locked = Files.createDirectories(dir.resolve("host-a"));
        Files.writeString(locked.resolve("segments.jsonl"), segment(2, 0.1) + "\n");
        Files.createDirectories(dir.resolve("host-b"));
        Files.writeString(dir.resolve("host-b/segments.jsonl"), segment(3, 0.1) + "\n");
        java.util.Set<java.nio.file.attribute.PosixFilePermission> before = Files.getPosixFilePermissions(locked);
        Files.setPosixFilePermissions(locked, java.util.Set.of());
        try {
            List<String> problems = new ArrayList<>();
            TraceIndex index = TraceIndex.read(dir, problems);
            if (Files.isReadable(locked)) {
                // Running as root: the folder stays readable, so all three are read.
                assertEquals(List.of(), problems);
                assertEquals(3, traces(index));
                return;
            }
            assertEquals(List.of(locked + ": cannot be read (permission denied); the rest was read"), problems);
            assertEquals(2, traces(index), "the file beside it and the other subfolder's");
        } finally {
            Files.setPosixFilePermissions(locked, before);
        }
    }

    /** https://docs.aws.amazon.com/xray/latest/api/API_HistogramEntry.html: Value (seconds) and Count, one entry per bucket. */
    @Test
    void tenThousandDistinctResponseTimesMakeABoundedHistogram() throws Exception {
        TraceIndex index = new TraceIndex(1_000_000);
        for (int n = 0; n < 10_000; n++) {
            index.add(XRayTracerTest.JSON.readTree(segment(n, 0.0005 + n * 0.000997)));
        }
        JsonNode orders = null;
        for (JsonNode service : index.serviceGraphTree(T0.minusSeconds(1), T0.plusSeconds(3600)).get("Services")) {
            orders = service.get("Name").asText().equals("orders") ? service : orders;
        }
        JsonNode histogram = orders.get("ResponseTimeHistogram");
        long total = 0;
        double previous = -1;
        for (JsonNode entry : histogram) {
            double value = entry.get("Value").asDouble();
            assertTrue(value > previous, "ascending, one entry per value: " + histogram);
            java.math.BigDecimal exact = new java.math.BigDecimal(entry.get("Value").asText());
            assertTrue(value < 0.1 ? exact.scale() <= 3 : exact.stripTrailingZeros().precision() <= 2,
                    "milliseconds below 0.1 s, two significant digits above: " + value);
            previous = value;
            total += entry.get("Count").asLong();
        }
        assertEquals(10_000, total, "every response time is counted once");
        // At most 100 millisecond buckets below 0.1 s, then 90 per decade: 280 up to 10 s, whatever the number of values.
        assertTrue(histogram.size() <= 280, histogram.size() + " entries for values from 0.5 ms to 10 s");
        assertTrue(histogram.toString().length() < 10_000, "a few KB, not one entry per distinct value");
        assertEquals(10_000, orders.at("/SummaryStatistics/TotalCount").asLong());
    }
}
