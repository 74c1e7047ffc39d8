package dev.monitor.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesReaderTest {
    @TempDir
    Path dir;

    private final List<String> lines = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private int read(JsonLinesReader reader, byte[] bytes) {
        return reader.read(new ByteArrayInputStream(bytes), "f.jsonl", (number, text) -> lines.add(number + " " + text), problems::add);
    }

    @Test
    void eachDamagedLineIsReportedWithItsNumberAndTheOthersAreRead() {
        byte[] bytes = "{\"a\":1}\r\n\n{\"b\":2}\n\u00ff\n{\"c\":3}".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(3, read(new JsonLinesReader(), bytes));
        assertEquals(List.of("1 {\"a\":1}", "3 {\"b\":2}", "5 {\"c\":3}"), lines, "blank line 2 skipped, \\r dropped");
        assertEquals(List.of("f.jsonl:4: not UTF-8 text"), problems);
    }

    @Test
    void aLineOverTheCapIsSkippedAndTheNextOneRead() {
        byte[] long40 = new byte[40];
        Arrays.fill(long40, (byte) 'x');
        byte[] bytes = ("short\n" + new String(long40, StandardCharsets.US_ASCII) + "\nafter\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals(2, read(new JsonLinesReader(32), bytes));
        assertEquals(List.of("1 short", "3 after"), lines);
        assertEquals(List.of("f.jsonl:2: longer than 32 bytes"), problems);
    }

    @Test
    void aLineTheHandlerRejectsIsReportedWithTheHandlersReason() {
        int accepted = new JsonLinesReader().read(new ByteArrayInputStream("ok\nbad\n".getBytes(StandardCharsets.UTF_8)), "f.jsonl",
                (number, text) -> {
                    if (text.equals("bad")) {
                        throw new IllegalArgumentException("no _aws.Timestamp");
                    }
                }, problems::add);
        assertEquals(1, accepted);
        assertEquals(List.of("f.jsonl:2: no _aws.Timestamp"), problems);
    }

    @Test
    void aGzipFileCutShortGivesItsLinesThenOneProblem() throws IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(zipped)) {
            for (int i = 0; i < 2000; i++) {
                out.write(("{\"n\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] all = zipped.toByteArray();
        Path cut = dir.resolve("events-20261122T100000Z-0.jsonl.gz");
        Files.write(cut, Arrays.copyOf(all, all.length - 8)); // the trailer is gone
        Path whole = dir.resolve("events-20261122T110000Z-0.jsonl.gz");
        Files.write(whole, all);
        JsonLinesReader reader = new JsonLinesReader();
        assertEquals(2000, reader.read(whole, "whole", (number, text) -> { }, problems::add));
        assertEquals(List.of(), problems);
        int read = reader.read(cut, "cut", (number, text) -> { }, problems::add);
        assertEquals(2000, read, "every line before the damage");
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(true, problems.get(0).startsWith("cut: "), problems.get(0));
    }

    @Test
    void aFolderWhereAFileWasIsReported() throws IOException {
        Files.createDirectory(dir.resolve("x.jsonl"));
        assertEquals(0, new JsonLinesReader().read(dir.resolve("x.jsonl"), "x.jsonl", (n, t) -> { }, problems::add));
        assertEquals(List.of("x.jsonl: not a regular file"), problems);
        assertThrows(IllegalArgumentException.class, () -> new JsonLinesReader(0));
    }

    /** Whatever the bytes and the chunking, every line is either handed over whole or reported, once. */
    @Property
    void everyLineIsReadOrReportedExactlyOnce(@ForAll @Size(max = 40) List<@Size(max = 30) List<Byte>> rawLines,
                                              @ForAll @IntRange(min = 1, max = 20) int cap,
                                              @ForAll @IntRange(min = 1, max = 70) int readSize) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<byte[]> written = new ArrayList<>();
        for (List<Byte> raw : rawLines) {
            byte[] line = new byte[raw.size()];
            for (int i = 0; i < line.length; i++) {
                line[i] = raw.get(i) == '\n' ? (byte) 'n' : raw.get(i);
            }
            written.add(line);
            bytes.write(line, 0, line.length);
            bytes.write('\n');
        }
        List<Integer> seen = new ArrayList<>();
        java.io.InputStream trickle = new ByteArrayInputStream(bytes.toByteArray()) { // lines split across reads
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, readSize));
            }
        };
        new JsonLinesReader(cap).read(trickle, "p",
                (number, text) -> seen.add(number), problem -> seen.add(Integer.parseInt(problem.split(":")[1])));
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            byte[] line = written.get(i);
            int length = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
            String text = new String(line, 0, length, StandardCharsets.UTF_8);
            boolean blankAndValid = line.length <= cap && text.isBlank() && StandardCharsets.UTF_8.newEncoder().canEncode(text)
                    && Arrays.equals(text.getBytes(StandardCharsets.UTF_8), Arrays.copyOf(line, length));
            if (!blankAndValid) {
                expected.add(i + 1);
            }
        }
        assertEquals(expected, seen);
    }

    @Test
    void theBytesOfTheLastLineAreKnownForReadersThatCountThem() {
        JsonLinesReader reader = new JsonLinesReader();
        List<Integer> sizes = new ArrayList<>();
        reader.read(new ByteArrayInputStream("ab\r\n\u00e9\n".getBytes(StandardCharsets.UTF_8)), "f",
                (number, text) -> sizes.add(reader.lastLineBytes()), problems::add);
        assertEquals(List.of(2, 2), sizes, "without the line end; é is two bytes");
    }

    /**
     * Any bytes, any cap, any chunking: every valid UTF-8 line within the cap is handed over once, in
     * order, as its text; every other non-blank line is reported once with its number and its bytes as
     * read; only a last line without {@code \n} counts as not ended; nothing throws.
     */
    @Property
    void anyBytesGiveEachLineOnceInOrderAsTextOrAsDamage(@ForAll @Size(max = 300) byte[] bytes,
                                                          @ForAll @IntRange(min = 1, max = 40) int cap,
                                                          @ForAll @IntRange(min = 1, max = 70) int readSize) {
        List<String> expected = new ArrayList<>();
        int number = 0;
        for (int start = 0; start < bytes.length; ) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            boolean ended = end < bytes.length;
            byte[] raw = Arrays.copyOfRange(bytes, start, end);
            number++;
            int usable = raw.length <= cap && raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
            String text = strictUtf8(Arrays.copyOf(raw, usable));
            if (raw.length > cap) {
                expected.add("damage " + number + " " + Arrays.toString(Arrays.copyOf(raw, cap + 1)) + " " + ended);
            } else if (text == null) {
                expected.add("damage " + number + " " + Arrays.toString(raw) + " " + ended);
            } else if (!text.isBlank()) {
                expected.add("line " + number + " " + text + " " + ended);
            }
            start = end + 1;
        }
        JsonLinesReader reader = new JsonLinesReader(cap);
        List<String> seen = new ArrayList<>();
        java.io.InputStream trickle = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, readSize));
            }
        };
        int accepted = reader.read(trickle, (n, text) -> seen.add("line " + n + " " + text + " " + reader.lastLineEnded()),
                new JsonLinesReader.Damage() {
                    @Override
                    public void line(int n, String reason, byte[] raw) {
                        seen.add("damage " + n + " " + Arrays.toString(raw) + " " + reader.lastLineEnded());
                    }

                    @Override
                    public void stream(int lines, IOException cause) {
                        seen.add("stream " + cause);
                    }
                });
        assertEquals(expected, seen);
        assertEquals(expected.stream().filter(e -> e.startsWith("line ")).count(), accepted);
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    @Test
    void aStreamThatFailsIsReportedAfterTheLinesItGave() {
        java.io.InputStream failing = new java.io.SequenceInputStream(new ByteArrayInputStream("a\nb\nc".getBytes(StandardCharsets.UTF_8)),
                new java.io.InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new java.io.EOFException("cut");
                    }
                });
        List<String> seen = new ArrayList<>();
        int accepted = new JsonLinesReader().read(failing, (n, text) -> seen.add(text), new JsonLinesReader.Damage() {
            @Override
            public void line(int n, String reason, byte[] raw) {
                seen.add("damage " + n);
            }

            @Override
            public void stream(int lines, IOException cause) {
                seen.add("stream after line " + lines + ": " + cause.getMessage());
            }
        });
        assertEquals(2, accepted);
        assertEquals(List.of("a", "b", "stream after line 2: cut"), seen, "the unended line before the failure is not handed over");
    }
}
