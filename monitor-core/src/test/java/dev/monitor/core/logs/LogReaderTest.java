package dev.monitor.core.logs;

import dev.monitor.core.files.DataLayout;
import dev.monitor.core.logs.internal.LogJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading log files back: a damaged file is skipped and named, and the rest is still read. */
class LogReaderTest {
    private static final String GROUP = "/monitor/Shop";
    private static final Instant START = Instant.parse("2026-11-22T00:00:00Z");
    private static final Instant END = Instant.parse("2026-11-23T00:00:00Z");

    @TempDir
    Path dir;

    private static String event(int n) {
        return "{\"timestamp\":\"" + LogJson.timestamp(LogReader.micros(Instant.parse("2026-11-22T10:00:00Z")) + n)
                + "\",\"level\":\"INFO\",\"message\":\"event " + n + "\"}";
    }

    /** Writes events {@code from} to {@code to - 1} in a file of {@code stream}, gzipped or not. */
    private Path write(Path logs, String stream, String name, int from, int to) throws IOException {
        Path folder = logs.resolve(DataLayout.folderName(GROUP)).resolve(stream);
        Files.createDirectories(folder);
        Path file = folder.resolve(name);
        StringBuilder text = new StringBuilder();
        for (int n = from; n < to; n++) {
            text.append(event(n)).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (name.endsWith(".gz")) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(bytes);
            }
        } else {
            Files.write(file, bytes);
        }
        return file;
    }

    private record Read(Set<String> messages, List<String> problems) {
    }

    private static Read read(Path logs) {
        Set<String> messages = new TreeSet<>();
        List<String> problems = LogReader.scan(logs, List.of(GROUP), START, END, Set.of("message"),
                (row, bytes) -> messages.add(String.valueOf(row.get("message"))));
        return new Read(messages, problems);
    }

    private static Set<String> events(int from, int to) {
        Set<String> messages = new TreeSet<>();
        for (int n = from; n < to; n++) {
            messages.add("event " + n);
        }
        return messages;
    }

    @Test
    void damagedFilesAreSkippedAndNamedAndTheRestIsRead() throws Exception {
        Path logs = dir.resolve("logs");
        write(logs, "a", "events-20261122T100000Z-0.jsonl", 0, 10);
        Path cut = write(logs, "a", "events-20261122T100000Z-1.jsonl.gz", 10, 2000);
        byte[] whole = Files.readAllBytes(cut);
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        Path mixed = write(logs, "b", "events-20261122T100000Z-0.jsonl", 2000, 2010);
        Files.write(mixed, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}', '\n'}, java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(mixed, "garbage\n" + event(2010) + "\n{\"timestamp\":\"2026-11-22T10:00:00.0", java.nio.file.StandardOpenOption.APPEND);
        Files.createDirectories(logs.resolve(DataLayout.folderName(GROUP)).resolve("c").resolve("events-20261122T100000Z-0.jsonl"));
        Files.writeString(logs.resolve(DataLayout.folderName(GROUP)).resolve("not-a-stream"), "x");

        Read read = read(logs);

        assertTrue(read.messages().containsAll(events(0, 10)), "the intact file is read whole");
        assertTrue(read.messages().containsAll(events(2000, 2011)), "the good lines around the bad ones are read");
        assertEquals(4, read.problems().size(), read.problems().toString());
        assertTrue(read.problems().contains(cut + ": cut short (Unexpected end of ZLIB input stream)"), read.problems().toString());
        assertTrue(read.problems().contains(mixed + ": 1 line not UTF-8 and 2 lines not a log event left out (the first at line 11)"),
                read.problems().toString());
        assertTrue(read.problems().stream().anyMatch(p -> p.endsWith("events-20261122T100000Z-0.jsonl: a directory, not a log file")),
                read.problems().toString());
        assertTrue(read.problems().stream().anyMatch(p -> p.endsWith("not-a-stream: not a directory of log files")),
                read.problems().toString());
    }

    @Test
    void aGroupFolderThatIsAFileIsReported() throws Exception {
        Path logs = dir.resolve("logs");
        Files.createDirectories(logs);
        Files.writeString(logs.resolve(DataLayout.folderName(GROUP)), "x");
        assertEquals(List.of(logs.resolve(DataLayout.folderName(GROUP)) + ": not a directory, so the log group "
                + GROUP + " was not read"), read(logs).problems());
    }

    enum Damage { CUT, NOT_UTF8, GARBAGE_LINE, DIRECTORY, EMPTY }

    @Property(tries = 200)
    void anyDamageToAnyFileLeavesTheOthersReadable(@ForAll @IntRange(min = 0, max = 3) int victim,
                                                   @ForAll Damage damage, @ForAll("fractions") double where)
            throws Exception {
        Path logs = Files.createTempDirectory("logs");
        try {
            damageOneAndRead(logs, victim, damage, where);
        } finally {
            try (java.util.stream.Stream<Path> walk = Files.walk(logs)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private void damageOneAndRead(Path logs, int victim, Damage damage, double where) throws Exception {
        List<Path> files = new ArrayList<>();
        files.add(write(logs, "a", "events-20261122T100000Z-0.jsonl", 0, 100));
        files.add(write(logs, "a", "events-20261122T100000Z-1.jsonl.gz", 100, 200));
        files.add(write(logs, "b", "events-20261122T100000Z-0.jsonl.gz", 200, 300));
        files.add(write(logs, "b", "events-20261122T100000Z-1.jsonl", 300, 400));
        Path file = files.get(victim);
        byte[] bytes = Files.readAllBytes(file);
        boolean reported = true;
        switch (damage) {
            case CUT -> {
                int length = (int) (bytes.length * where);
                Files.write(file, Arrays.copyOf(bytes, length));
                // A plain file cut right after a line, or before the first byte, holds only whole events.
                reported = file.toString().endsWith(".gz") || (length > 0 && bytes[length - 1] != '\n' && bytes[length - 1] != '}');
            }
            case NOT_UTF8 -> {
                // In a .gz, past the header: a changed modification time in it harms nothing.
                int header = file.toString().endsWith(".gz") ? 10 : 0;
                int at = header + (int) ((bytes.length - header) * where);
                reported = bytes[at] != (byte) 0xFF;
                bytes[at] = (byte) 0xFF;
                Files.write(file, bytes);
            }
            case GARBAGE_LINE -> {
                Files.writeString(file, "not json\n", java.nio.file.StandardOpenOption.APPEND);
                // GZIPInputStream reads past bytes after the last member as the end: the events are all there.
                reported = !file.toString().endsWith(".gz");
            }
            case DIRECTORY -> {
                Files.delete(file);
                Files.createDirectory(file);
            }
            case EMPTY -> {
                Files.write(file, new byte[0]);
                reported = file.toString().endsWith(".gz");
            }
        }

        Read read = read(logs);

        for (int i = 0; i < files.size(); i++) {
            if (i != victim) {
                assertTrue(read.messages().containsAll(events(i * 100, i * 100 + 100)), files.get(i) + " is intact");
            }
        }
        if (reported) {
            assertTrue(read.problems().stream().anyMatch(p -> p.startsWith(file + ": ")), damage + " " + read.problems());
        }
        assertTrue(read.problems().stream().allMatch(p -> p.startsWith(file + ": ")), read.problems().toString());
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 0.999).ofScale(3);
    }
}
