package dev.monitor.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.monitor.core.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A line the journal cannot keep is reported as lost, never as kept, and the journal recovers once the disk does. */
class JournalTest {
    @TempDir
    Path dir;

    /** What the journal reported for each line, in the order it reported. */
    private final List<String> outcomes = new CopyOnWriteArrayList<>();

    private Journal.Line line(String name) {
        return new Journal.Line() {
            @Override
            public byte[] bytes() {
                return ("{\"eventName\":\"" + name + "\",\"eventTime\":\"2026-11-22T10:00:00Z\"}\n").getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public void written() {
                outcomes.add(name + " written");
            }

            @Override
            public void notWritten(IOException cause) {
                outcomes.add(name + " lost: " + cause.getClass().getSimpleName());
            }
        };
    }

    private List<String> journaled(Path journalDir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path segment : Journal.segments(journalDir)) {
            JournalRecords.parse(segment).good().forEach(good -> lines.add(good.text()));
        }
        return lines;
    }

    @ParameterizedTest
    @EnumSource(Journal.Durability.class)
    void aSegmentThatCannotBeOpenedLosesOnlyItsLineAndTheNextWriteOpensOne(Journal.Durability durability) throws Exception {
        Path journalDir = dir.resolve("journal");
        // One line per segment, so every write after the first opens a segment.
        try (Journal journal = new Journal(journalDir, durability, 10, 16, 1, new ManualClock(Instant.parse("2026-11-22T10:00:00Z")),
                FileModes.OWNER_ONLY, error -> outcomes.add("internal error " + error))) {
            journal.append(line("first"));
            journal.awaitWritten();
            Path kept = dir.resolve("kept");
            Files.move(journalDir, kept); // the disk goes away under the journal

            journal.append(line("second"));
            journal.awaitWritten();
            assertEquals(List.of("first written", "second lost: NoSuchFileException"), outcomes);

            Files.createDirectories(journalDir); // and comes back
            journal.append(line("third"));
            journal.awaitWritten();
            assertEquals(List.of("first written", "second lost: NoSuchFileException", "third written"), outcomes);
            assertEquals(List.of("{\"eventName\":\"first\",\"eventTime\":\"2026-11-22T10:00:00Z\"}"), journaled(kept));
            assertEquals(List.of("{\"eventName\":\"third\",\"eventTime\":\"2026-11-22T10:00:00Z\"}"), journaled(journalDir));
            journal.rotate();
            try (Stream<Path> files = Files.list(journalDir)) {
                assertEquals(2, files.count(), "the closed segment and the next one");
            }
        }
    }
}
