package dev.monitor.core.events.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.events.PutEventsEntry;
import dev.monitor.core.Await;
import dev.monitor.core.Monitor;
import dev.monitor.core.QuietMonitor;
import dev.monitor.core.events.sources.SourceSettings;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive's threads: one writer that sleeps while idle, a bounded number of replay threads, a bounded memory of replays. */
class ArchiveThreadsTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0.plus(Duration.ofHours(1)));

    private Monitor.Builder quiet(SourceSettings sources) {
        Monitor.Builder builder = QuietMonitor.builder(dir, clock).account("123456789012", "us-east-1").eventSources(sources);
        return builder;
    }

    private static Set<Thread> threads(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive()).collect(Collectors.toSet());
    }

    @Test
    void theIdleArchiveThreadSleepsUntilAnEventComesRatherThanPolling() throws Exception {
        Set<Thread> before = threads("monitor-events-archive");
        try (Monitor monitor = quiet(SourceSettings.defaults()).build()) {
            monitor.eventArchives().createArchive(Archive.of("all", "default"));
            Set<Thread> mine = threads("monitor-events-archive");
            mine.removeAll(before);
            assertEquals(1, mine.size(), "one archive thread per monitor: " + mine);
            Thread writer = mine.iterator().next();
            monitor.events().putEvents(List.of(PutEventsEntry.of("shop", "Order", "{}").withTime(T0)));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            assertEquals(1, Files.readAllLines(new DataLayout(dir).eventArchiveDay("all", LocalDate.of(2026, 12, 2))).size());
            // parked without a timeout (WAITING), not napping 50 ms at a time (TIMED_WAITING) to look again
            Await.until(Duration.ofSeconds(10), () -> writer.getState() == Thread.State.WAITING, () -> "the writer is " + writer.getState());
            monitor.events().putEvents(List.of(PutEventsEntry.of("shop", "Order", "{}").withTime(T0)));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            assertEquals(2, Files.readAllLines(new DataLayout(dir).eventArchiveDay("all", LocalDate.of(2026, 12, 2))).size(),
                    "a sleeping writer wakes for the next event");
        }
    }

    @Test
    void replaysRunOnAtMostTwoThreadsAndAtMostTenAreUnfinished() throws Exception {
        Set<Thread> before = threads("monitor-events-replay");
        try (Monitor monitor = quiet(SourceSettings.defaults().withReplayEventsPerSecond(1)).build()) {
            monitor.eventArchives().createArchive(Archive.of("all", "default"));
            for (int i = 0; i < 30; i++) {
                monitor.events().putEvents(List.of(PutEventsEntry.of("shop", "Order", "{}").withTime(T0.plusSeconds(i))));
            }
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            for (int i = 0; i < 10; i++) {
                monitor.eventArchives().startReplay(ReplayRequest.of("r" + i, "all", T0, T0.plusSeconds(60), "default"));
            }
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> monitor.eventArchives().startReplay(ReplayRequest.of("r10", "all", T0, T0.plusSeconds(60), "default")));
            assertTrue(refused.getMessage().contains("10 replays are unfinished"), refused.getMessage());
            Await.until(Duration.ofSeconds(10), () -> monitor.eventArchives().replays().stream()
                    .filter(r -> r.state() == ReplayState.RUNNING).count() == 2, () -> "replays " + monitor.eventArchives().replays());
            Set<Thread> mine = threads("monitor-events-replay");
            mine.removeAll(before);
            assertEquals(2, mine.size(), "ten replays, two threads: " + mine);
            assertEquals(8, monitor.eventArchives().replays().stream().filter(r -> r.state() == ReplayState.STARTING).count(),
                    "the others wait for a thread");
            for (int i = 0; i < 10; i++) {
                monitor.eventArchives().cancelReplay("r" + i);
            }
            Await.until(Duration.ofSeconds(20), () -> monitor.eventArchives().replays().stream().allMatch(Replay::ended),
                    () -> "replays " + monitor.eventArchives().replays());
            assertTrue(monitor.eventArchives().replays().stream().allMatch(r -> r.state() == ReplayState.CANCELLED));
        }
    }

    @Test
    void onlyTheLastHundredFinishedReplaysAreKept() throws Exception {
        try (Monitor monitor = quiet(SourceSettings.defaults()).build()) {
            monitor.eventArchives().createArchive(Archive.of("all", "default"));
            for (int i = 0; i < 105; i++) {
                String name = "r" + i;
                monitor.eventArchives().startReplay(ReplayRequest.of(name, "all", T0, T0.plusSeconds(60), "default"));
                Await.until(Duration.ofSeconds(10), () -> monitor.eventArchives().describeReplay(name).orElseThrow().ended(),
                        () -> "replay " + monitor.eventArchives().describeReplay(name));
            }
            List<String> kept = monitor.eventArchives().replays().stream().map(Replay::name).toList();
            assertEquals(100, kept.size(), kept.toString());
            assertEquals("r5", kept.get(0), "the oldest are forgotten first");
            assertFalse(monitor.eventArchives().describeReplay("r0").isPresent());
            assertEquals(ReplayState.COMPLETED, monitor.eventArchives().describeReplay("r104").orElseThrow().state());
        }
    }

    /** Every datapoint a monitor exported. */
    static final class Captured implements Exporter<Datapoint> {
        final List<Datapoint> datapoints = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void export(List<Datapoint> batch) {
            datapoints.addAll(batch);
        }

        double dropped(String reason) {
            synchronized (datapoints) {
                return datapoints.stream().filter(d -> d.metric().namespace().equals("Monitor") && d.metric().name().equals("Dropped")
                        && d.metric().dimensions().toString().contains(reason)).mapToDouble(Datapoint::sum).sum();
            }
        }
    }

    @Test
    void eventsWhoseDayFileCannotBeWrittenAreDroppedForThatReasonNotAsAFullQueue() throws Exception {
        Captured metrics = new Captured();
        try (StderrCapture stderr = new StderrCapture()) {
            try (Monitor monitor = quiet(SourceSettings.defaults()).exporter("capture", metrics).build()) {
                monitor.eventArchives().createArchive(Archive.of("all", "default"));
                // a folder where the day file should be: appending to it fails
                Files.createDirectories(new DataLayout(dir).eventArchiveDay("all", LocalDate.of(2026, 12, 2)));
                monitor.events().putEvents(List.of(PutEventsEntry.of("shop", "Order", "{}").withTime(T0),
                        PutEventsEntry.of("shop", "Order", "{}").withTime(T0)));
                assertTrue(monitor.flush(Duration.ofSeconds(10)));
            }
            assertTrue(stderr.text().contains("ArchiveWriteFailed"), stderr.text());
        }
        assertEquals(2, metrics.dropped("ArchiveWriteFailed"), metrics.datapoints.toString());
        assertEquals(0, metrics.dropped("ArchiveQueueFull"), metrics.datapoints.toString());
    }
}
