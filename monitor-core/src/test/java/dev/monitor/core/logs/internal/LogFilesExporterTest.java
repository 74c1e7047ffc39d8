package dev.monitor.core.logs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.Monitor;
import dev.monitor.core.QuietMonitor;
import dev.monitor.core.config.ConfigException;
import dev.monitor.core.export.ExporterContext;
import dev.monitor.core.export.ExporterProvider;
import dev.monitor.core.export.LogEvent;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.files.RollingFile;
import dev.monitor.core.logs.LogSettings;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.testing.ManualClock;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log-files exporter: what lands in which folder, how files roll, compress and expire. */
class LogFilesExporterTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    private final MetricRegistry metrics = new MetricRegistry("Shop", clock, Resolution.STANDARD, 1000);
    private DataLayout layout;

    @org.junit.jupiter.api.BeforeEach
    void layout() {
        layout = new DataLayout(dir);
    }

    private LogFilesExporter exporter(LogSettings settings) {
        return LogFilesExporter.of(settings, new ExporterContext("log-files", layout, clock,
                metrics.forNamespace(MetricRegistry.SELF_NAMESPACE)));
    }

    private static LogSettings.Builder settings() {
        return LogSettings.builder().group("/shop/app").stream("web-1");
    }

    private LogEvent event(String group, String stream, String message) {
        return new LogEvent(group, stream, clock.instant(), "{\"message\":\"" + message + "\"}");
    }

    /** The file names in a stream's folder, sorted. */
    private List<String> names(String group, String stream) throws Exception {
        Path folder = layout.logStream(group, stream);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Every line of a stream's folder, gzipped files read uncompressed, oldest file first. */
    private List<String> lines(String group, String stream) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String name : names(group, stream)) {
            try (InputStream in = RollingFile.open(layout.logStream(group, stream).resolve(name))) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(lines::add);
            }
        }
        return lines;
    }

    /** Waits until only the file being written is uncompressed. */
    private void awaitCompressed(String group, String stream) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (names(group, stream).stream().filter(name -> name.endsWith(".jsonl")).count() > 1) {
            assertTrue(System.nanoTime() < deadline, "rotated files are compressed within 10 s: " + names(group, stream));
            Thread.onSpinWait();
        }
    }

    @Test
    void eachGroupAndStreamHasItsOwnFolderOfJsonLines() throws Exception {
        LogFilesExporter files = exporter(settings().build());
        files.export(List.of(event("/shop/app", "web-1", "a"), event("/shop/audit", "web-1", "b"),
                event("/shop/app", "web-2", "c"), event("/shop/app", "web-1", "d")));
        // Written at the end of the batch, before close: a crash now loses nothing of it.
        assertEquals(List.of("{\"message\":\"a\"}", "{\"message\":\"d\"}"), lines("/shop/app", "web-1"));
        assertEquals(List.of("{\"message\":\"c\"}"), lines("/shop/app", "web-2"));
        assertEquals(List.of("{\"message\":\"b\"}"), lines("/shop/audit", "web-1"));
        assertTrue(Files.isDirectory(dir.resolve("logs/%2Fshop%2Faudit/web-1")), "a group is one folder, its / escaped");
        assertEquals(List.of("events-20261122T100000Z-0.jsonl"), names("/shop/app", "web-1"));
        assertTrue(names("/shop/app", "web-1").stream().allMatch(DataLayout.Files.LOG_EVENTS::matches));
        files.close();
    }

    @Test
    void filesRotateBySizeAndAgeAndAreGzippedAfterRotation() throws Exception {
        LogFilesExporter files = exporter(settings().rotateBytes(100).rotateEvery(Duration.ofHours(1)).build());
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 6; i++) { // each line is 40 bytes: three to a file
            String message = "event-" + i + "-" + "x".repeat(20);
            written.add("{\"message\":\"" + message + "\"}");
            files.export(List.of(event("/shop/app", "web-1", message)));
        }
        clock.advance(Duration.ofMinutes(61));
        files.export(List.of(event("/shop/app", "web-1", "an hour later")));
        written.add("{\"message\":\"an hour later\"}");
        files.close(); // waits for the compressor

        List<String> names = names("/shop/app", "web-1");
        assertEquals(List.of("events-20261122T100000Z-0.jsonl.gz", "events-20261122T100000Z-1.jsonl.gz",
                "events-20261122T110100Z-0.jsonl.gz"), names, "rotated by size twice, then by age; closed files are gzipped");
        assertEquals(written, lines("/shop/app", "web-1"), "every line, in order, across the rotations");
    }

    @Test
    void eachGroupKeepsItsEventsForItsOwnRetention() throws Exception {
        LogFilesExporter files = exporter(settings().retentionInDays(1).group("/shop/audit", null, List.of("audit"))
                .rotateEvery(Duration.ofHours(1)).build());
        files.export(List.of(event("/shop/app", "web-1", "old"), event("/shop/audit", "web-1", "old")));
        clock.advance(Duration.ofHours(26));
        files.export(List.of(event("/shop/app", "web-1", "day two"), event("/shop/audit", "web-1", "day two")));
        // The clock jumps a day at once: let the compressor catch up, as a day of real time would.
        awaitCompressed("/shop/app", "web-1");
        awaitCompressed("/shop/audit", "web-1");
        clock.advance(Duration.ofHours(26));
        files.export(List.of(event("/shop/app", "web-1", "day three"), event("/shop/audit", "web-1", "day three")));
        files.close();

        assertFalse(lines("/shop/app", "web-1").contains("{\"message\":\"old\"}"),
                "the default group keeps a day (PutRetentionPolicy 1): the first file, a day older than its successor, is gone");
        assertEquals(List.of("{\"message\":\"day two\"}", "{\"message\":\"day three\"}"), lines("/shop/app", "web-1"));
        assertEquals(List.of("{\"message\":\"old\"}", "{\"message\":\"day two\"}", "{\"message\":\"day three\"}"),
                lines("/shop/audit", "web-1"), "a group without retention keeps everything");
    }

    @Test
    void anEventThatCannotBeWrittenIsCountedAndReportedNotRetried() throws Exception {
        Files.createDirectories(layout.logs());
        Files.writeString(layout.logs().resolve(DataLayout.folderName("/shop/app")), "a file where a folder should be");
        LogFilesExporter files = exporter(settings().build());
        String stderr;
        try (StderrCapture capture = new StderrCapture()) {
            files.export(List.of(event("/shop/app", "web-1", "lost"), event("/shop/audit", "web-1", "kept")));
            files.close();
            stderr = capture.text();
        }
        assertTrue(stderr.contains("monitor: logs: writing a log event failed"), stderr);
        assertEquals(List.of("{\"message\":\"kept\"}"), lines("/shop/audit", "web-1"));
        clock.advance(Duration.ofMinutes(1));
        double dropped = metrics.collect(Resolution.STANDARD, T0).stream()
                .filter(d -> d.metric().name().equals("LogEventsDropped")).mapToDouble(d -> d.sum()).sum();
        assertEquals(1.0, dropped);
    }

    @Test
    void logFilesIsAnExporterTypeFoundThroughServiceLoader() {
        List<String> types = ServiceLoader.load(ExporterProvider.class).stream().map(p -> p.get().type()).toList();
        assertTrue(types.contains("log-files"), types.toString());
    }

    private Monitor.Builder monitor(String config) throws Exception {
        Path file = Files.writeString(dir.resolve("monitor.yaml"), config);
        Monitor.Builder builder = QuietMonitor.quiet(Monitor.builder().config(file).dataDir(dir.resolve("data")).clock(clock));
        return builder;
    }

    @Test
    void aConfiguredLogFilesEntryReplacesTheDefaultAndEachEventIsWrittenOnce() throws Exception {
        try (Monitor monitor = monitor("""
                namespace: Shop
                logs: {stream: web-1}
                exporters:
                  - {type: log-files, rotateBytes: 100, retentionInDays: 7}
                """).build()) {
            for (int i = 0; i < 4; i++) {
                monitor.logs().logger("shop").info("event {} {}", i, "y".repeat(40));
            }
            assertTrue(monitor.logs().flush(Duration.ofSeconds(5)));
            DataLayout data = new DataLayout(dir.resolve("data"));
            try (Stream<Path> files = Files.list(data.logStream("/monitor/Shop", "web-1"))) {
                assertTrue(files.count() >= 2, "the entry's rotateBytes rotated the files");
            }
            assertEquals(4, monitor.logs().query("stats count(*) as n", List.of("/monitor/Shop"), T0.minusSeconds(60),
                    T0.plusSeconds(60)).rows().stream().mapToInt(r -> Integer.parseInt(r.get("n"))).sum(),
                    "one exporter of type log-files: no event twice");
        }
    }

    @Test
    void aLogFilesEntryWithABadSettingIsReportedWithItsPath() throws Exception {
        ConfigException failure = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> monitor("""
                exporters:
                  - {type: log-files, retentionInDays: 10}
                """).build());
        assertTrue(failure.getMessage().contains("retentionInDays") && failure.getMessage().contains("10"),
                failure.getMessage());
    }
}
