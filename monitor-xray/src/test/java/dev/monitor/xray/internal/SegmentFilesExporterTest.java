package dev.monitor.xray.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.testing.ManualClock;
import dev.monitor.core.export.SegmentDocument;
import dev.monitor.core.files.DataLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The segment-files exporter: JSON lines in the layout's traces folder, named, rotated and pruned as the layout says. */
class SegmentFilesExporterTest {
    private final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;

    private static SegmentDocument document(int n) {
        String id = "%016x".formatted(n);
        return new SegmentDocument("1-6921a6a0-%024x".formatted(n), id, "{\"name\":\"orders\",\"id\":\"" + id + "\"}");
    }

    private List<Path> files(DataLayout layout) throws Exception {
        try (Stream<Path> listing = Files.list(layout.traces())) {
            return listing.sorted().toList();
        }
    }

    @Test
    void eachBatchIsOnDiskWhenExportReturnsOneDocumentALine() throws Exception {
        DataLayout layout = new DataLayout(dir);
        SegmentFilesExporter exporter = new SegmentFilesExporter(layout, SegmentFilesExporter.Options.DEFAULTS, clock);
        try {
            exporter.export(List.of(document(1), document(2)));
            List<Path> files = files(layout);
            assertEquals(1, files.size(), files.toString());
            String name = files.get(0).getFileName().toString();
            assertTrue(DataLayout.Files.SEGMENTS.matches(name), name);
            assertEquals("segments-20261122T100000Z-0.jsonl", name);
            // Read before close: export flushed it to the OS, so a crash now loses nothing of it.
            assertEquals(List.of(document(1).document(), document(2).document()), Files.readAllLines(files.get(0)));
        } finally {
            exporter.close();
        }
    }

    @Test
    void filesRotateBySizeAndAgeAndAreDeletedPastTheirRetention() throws Exception {
        DataLayout layout = new DataLayout(dir);
        int line = document(1).document().length() + 1;
        SegmentFilesExporter exporter = new SegmentFilesExporter(layout,
                new SegmentFilesExporter.Options(2L * line, Duration.ofHours(1), Duration.ofHours(2)), clock);
        try {
            exporter.export(List.of(document(1), document(2)));
            exporter.export(List.of(document(3)));
            assertEquals(2, files(layout).size(), "full after two lines: the third opened a new file");
            clock.advance(Duration.ofHours(1));
            exporter.export(List.of(document(4)));
            assertEquals(3, files(layout).size(), "an hour old: rotated");
            clock.advance(Duration.ofHours(3));
            exporter.export(List.of(document(5)));
            List<Path> kept = files(layout);
            // A file goes once all its lines are older than two hours, that is once the next one was opened that long ago.
            assertEquals(2, kept.size(), kept.toString());
            assertEquals(List.of(document(4).document()), Files.readAllLines(kept.get(0)));
            assertEquals(List.of(document(5).document()), Files.readAllLines(kept.get(1)));
        } finally {
            exporter.close();
        }
    }

    @Test
    void optionsRefuseSizesAndDurationsThatAreNotPositive() {
        assertEquals("rotateBytes 0 must be at least 1", org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SegmentFilesExporter.Options(0, Duration.ofHours(1), null)).getMessage());
        assertEquals("rotateEvery PT0S must be a positive duration", org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new SegmentFilesExporter.Options(1, Duration.ZERO, null)).getMessage());
        assertEquals("retention PT-1H must be a positive duration", org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new SegmentFilesExporter.Options(1, Duration.ofHours(1), Duration.ofHours(-1)))
                .getMessage());
    }
}
