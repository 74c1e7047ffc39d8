package dev.monitor.core.events.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.events.PutEventsEntry;
import dev.monitor.api.events.PutEventsResultEntry;
import dev.monitor.core.Await;
import dev.monitor.core.Monitor;
import dev.monitor.core.QuietMonitor;
import dev.monitor.core.events.EventHandler;
import dev.monitor.core.events.Rule;
import dev.monitor.core.events.Target;
import dev.monitor.core.events.archive.internal.ArchiveFiles;
import dev.monitor.core.events.patterns.EventPattern;
import dev.monitor.core.events.sources.SourceSettings;
import dev.monitor.core.files.DataLayout;
import dev.monitor.testing.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives and replays as the EventBridge user guide describes them
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-archive.html,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-replay-archived-event.html): an archive keeps
 * the events its pattern matches; a replay sends those of a time range again, each with {@code replay-name},
 * to the bus's rules or the chosen ones; its state goes STARTING, RUNNING, then COMPLETED or CANCELLED.
 */
class ArchiveReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0.plus(Duration.ofHours(1)));

    private Monitor.Builder quiet(SourceSettings sources) {
        Monitor.Builder builder = QuietMonitor.builder(dir, clock).account("123456789012", "us-east-1").eventSources(sources);
        return builder;
    }

    /** Keeps the events it is given. */
    static final class Events implements EventHandler {
        final List<JsonNode> events = new CopyOnWriteArrayList<>();

        @Override
        public void handle(String input) {
            try {
                events.add(JSON.readTree(input));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        List<JsonNode> replayed() {
            return events.stream().filter(e -> e.has("replay-name")).toList();
        }
    }

    /** Puts ten orders at T0, T0+1m, ... and three events of another source; answers the orders' ids in time order. */
    private static List<String> putOrders(Monitor monitor) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            PutEventsResultEntry answer = monitor.events().putEvents(List.of(PutEventsEntry.of("shop.orders", "Order Placed",
                    "{\"n\": " + i + "}").withTime(T0.plusSeconds(60L * i)))).entries().get(0);
            ids.add(answer.eventId());
            monitor.events().putEvents(List.of(PutEventsEntry.of("shop.other", "Noise", "{\"n\": " + i + "}")
                    .withTime(T0.plusSeconds(60L * i))));
        }
        return ids;
    }

    @Test
    void aReplayDeliversExactlyTheArchivedRangeToTheChosenRule() throws Exception {
        Events orders = new Events();
        Events everything = new Events();
        try (Monitor monitor = quiet(SourceSettings.defaults().withReplayEventsPerSecond(1000)).build()) {
            monitor.eventArchives().createArchive(new Archive("orders", "default", EventPattern.parse("{\"source\": [\"shop.orders\"]}"), 0,
                    "every order"));
            monitor.events().putRule(Rule.builder("orders").eventPattern("{\"source\": [\"shop.orders\"]}")
                    .target(Target.handler("h", orders)).build());
            monitor.events().putRule(Rule.builder("everything").eventPattern("{\"source\": [{\"prefix\": \"shop.\"}]}")
                    .target(Target.handler("h", everything)).build());
            List<String> ids = putOrders(monitor);
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            Path day = new DataLayout(dir).eventArchiveDay("orders", LocalDate.of(2026, 12, 2));
            List<String> archived = Files.readAllLines(day).stream().map(line -> read(line).get("id").asText()).toList();
            assertEquals(ids, archived, "only the pattern's events are archived, each once");

            Replay started = monitor.eventArchives().startReplay(new ReplayRequest("orders-3-to-7", "a test", "orders",
                    T0.plusSeconds(180), T0.plusSeconds(420), "default", List.of("orders")));
            assertEquals("arn:aws:events:us-east-1:123456789012:replay/orders-3-to-7", started.arn());
            assertEquals("arn:aws:events:us-east-1:123456789012:archive/orders", started.eventSourceArn());
            assertEquals(List.of("arn:aws:events:us-east-1:123456789012:rule/orders"), started.filterArns());
            Await.until(Duration.ofSeconds(10), () -> monitor.eventArchives().describeReplay("orders-3-to-7").orElseThrow().ended(),
                    () -> "replay " + monitor.eventArchives().describeReplay("orders-3-to-7"));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            Replay done = monitor.eventArchives().describeReplay("orders-3-to-7").orElseThrow();
            assertEquals(ReplayState.COMPLETED, done.state(), done.toString());
            assertEquals(4, done.eventsReplayed());
            assertEquals(T0.plusSeconds(360), done.eventLastReplayedTime());
            List<JsonNode> replayed = orders.replayed();
            // "Events are not necessarily replayed in the exact same order that they were added to the archive"
            // (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_StartReplay.html): the set, not the order
            assertEquals(new java.util.TreeSet<>(ids.subList(3, 7)), replayed.stream().map(e -> e.get("id").asText())
                    .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)), "events 3 to 6: the start is in the range, the end is not");
            assertEquals(4, replayed.size(), "each once");
            assertTrue(replayed.stream().allMatch(e -> e.get("replay-name").asText().equals("orders-3-to-7")), replayed.toString());
            assertEquals(List.of(), everything.replayed(), "a rule the replay did not choose gets none");
            assertEquals(20, everything.events.size());

            List<String> again = Files.readAllLines(day).stream().map(line -> read(line).get("id").asText()).toList();
            assertEquals(ids, again, "replayed events are not archived again");
            assertThrows(IllegalArgumentException.class, () -> monitor.eventArchives().startReplay(ReplayRequest.of("orders-3-to-7", "orders",
                    T0, T0.plusSeconds(60), "default")), "a replay name is taken once");
        }
    }

    @Test
    void aReplayToEveryRuleOfTheBusAndACancelledOne() throws Exception {
        Events orders = new Events();
        try (Monitor monitor = quiet(SourceSettings.defaults().withReplayEventsPerSecond(2)).build()) {
            monitor.eventArchives().createArchive(Archive.of("all", "default"));
            monitor.events().putRule(Rule.builder("orders").eventPattern("{\"source\": [\"shop.orders\"]}")
                    .target(Target.handler("h", orders)).build());
            putOrders(monitor);
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            monitor.eventArchives().startReplay(ReplayRequest.of("slow", "all", T0, T0.plusSeconds(3600), "default"));
            Await.until(Duration.ofSeconds(10), () -> orders.replayed().size() >= 1, () -> "replayed " + orders.replayed());
            Replay cancelling = monitor.eventArchives().cancelReplay("slow");
            assertTrue(cancelling.state() == ReplayState.CANCELLING || cancelling.state() == ReplayState.CANCELLED, cancelling.toString());
            Await.until(Duration.ofSeconds(10), () -> monitor.eventArchives().describeReplay("slow").orElseThrow().ended(),
                    () -> "replay " + monitor.eventArchives().describeReplay("slow"));
            Replay cancelled = monitor.eventArchives().describeReplay("slow").orElseThrow();
            assertEquals(ReplayState.CANCELLED, cancelled.state());
            assertTrue(cancelled.eventsReplayed() < 20, "it stopped before the 20 archived events: " + cancelled);
            assertThrows(IllegalArgumentException.class, () -> monitor.eventArchives().cancelReplay("none"));
            assertThrows(IllegalArgumentException.class, () -> monitor.eventArchives().startReplay(ReplayRequest.of("x", "missing", T0,
                    T0.plusSeconds(1), "default")));
        }
    }

    @Test
    void dayFilesPastTheRetentionAreDeletedAndArchivesOutliveTheMonitor() throws Exception {
        try (Monitor monitor = quiet(SourceSettings.defaults()).build()) {
            monitor.eventArchives().createArchive(new Archive("week", "default", null, 1, null));
            monitor.events().putEvents(List.of(PutEventsEntry.of("shop", "Old", "{}").withTime(T0.minus(Duration.ofDays(3))),
                    PutEventsEntry.of("shop", "New", "{}").withTime(T0)));
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            DataLayout layout = new DataLayout(dir);
            assertEquals(List.of(LocalDate.of(2026, 11, 29), LocalDate.of(2026, 12, 2)), List.copyOf(ArchiveFiles.days(layout, "week").keySet()));
        }
        // the sweep runs at start, then every hour on the monitor's I/O lane: what expired while it was down goes at once
        try (Monitor monitor = quiet(SourceSettings.defaults()).build()) {
            assertEquals(List.of(LocalDate.of(2026, 12, 2)), List.copyOf(ArchiveFiles.days(new DataLayout(dir), "week").keySet()));
            assertEquals(List.of("week"), monitor.eventArchives().archives().stream().map(Archive::name).toList());
            assertEquals(1, monitor.eventArchives().archives().get(0).retentionDays());
            String listed = ArchiveFiles.listArchivesJson(new DataLayout(dir), null, problem -> { });
            JsonNode archive = JSON.readTree(listed).get("Archives").get(0);
            assertEquals("week", archive.get("ArchiveName").asText());
            assertEquals("arn:aws:events:us-east-1:123456789012:event-bus/default", archive.get("EventSourceArn").asText());
            assertEquals(1, archive.get("EventCount").asInt());
            assertEquals("ENABLED", archive.get("State").asText());
            assertTrue(monitor.eventArchives().deleteArchive("week"));
            assertFalse(Files.exists(new DataLayout(dir).eventArchive("week")));
        }
    }

    @Test
    void anArchiveOfABusThatDoesNotExistIsRefusedWithItsName() {
        try (Monitor monitor = quiet(SourceSettings.defaults()).build()) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> monitor.eventArchives().createArchive(Archive.of("a", "nope")));
            assertEquals("archive 'a': event bus nope does not exist.", refused.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new Archive("bad name", "default", null, 0, null));
            assertThrows(IllegalArgumentException.class, () -> new Archive("a", "default", null, -1, null));
        }
    }

    /** A handler that deletes a file when it gets its first replayed event, as the retention sweep may while a replay reads. */
    static final class DeletesOnFirstReplay implements EventHandler {
        final Events kept = new Events();
        final Path file;

        DeletesOnFirstReplay(Path file) {
            this.file = file;
        }

        @Override
        public void handle(String input) {
            kept.handle(input);
            if (input.contains("replay-name")) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    @Test
    void aDayFileDeletedWhileAReplayReadsSkipsThatDayOnlyAndTheReplaySaysSo() throws Exception {
        Instant nov30 = Instant.parse("2026-11-30T12:00:00Z");
        Path dec1 = new DataLayout(dir).eventArchiveDay("orders", LocalDate.of(2026, 12, 1));
        DeletesOnFirstReplay handler = new DeletesOnFirstReplay(dec1);
        // 2 a second: the first day's second event is sent half a second after the first, long after the handler deleted dec1
        try (Monitor monitor = quiet(SourceSettings.defaults().withReplayEventsPerSecond(2)).build()) {
            monitor.eventArchives().createArchive(new Archive("orders", "default", EventPattern.parse("{\"source\": [\"shop.orders\"]}"), 0,
                    null));
            monitor.events().putRule(Rule.builder("orders").eventPattern("{\"source\": [\"shop.orders\"]}")
                    .target(Target.handler("h", handler)).build());
            for (Instant time : List.of(nov30, nov30.plusSeconds(60), nov30.plus(Duration.ofDays(1)), T0)) {
                monitor.events().putEvents(List.of(PutEventsEntry.of("shop.orders", "Order Placed", "{}").withTime(time)));
            }
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            assertTrue(Files.exists(dec1));
            monitor.eventArchives().startReplay(new ReplayRequest("all", null, "orders", nov30.minusSeconds(1), T0.plusSeconds(1),
                    "default", List.of()));
            Await.until(Duration.ofSeconds(20), () -> monitor.eventArchives().describeReplay("all").orElseThrow().ended(),
                    () -> "replay " + monitor.eventArchives().describeReplay("all"));
            Replay done = monitor.eventArchives().describeReplay("all").orElseThrow();
            assertEquals(ReplayState.COMPLETED, done.state(), done.toString());
            assertEquals(3, done.eventsReplayed(), "the days before and after the deleted one are replayed: " + done);
            assertEquals(T0, done.eventLastReplayedTime());
            assertTrue(done.stateReason() != null && done.stateReason().contains("2026-12-01"), done.toString());
        }
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
