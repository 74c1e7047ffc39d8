package dev.monitor.core.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.context.Context;
import dev.monitor.api.context.Scope;
import dev.monitor.api.logs.Level;
import dev.monitor.api.logs.Logger;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.files.RollingFile;
import dev.monitor.core.logs.internal.LogJson;
import dev.monitor.core.logs.internal.TestLogs;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.core.redaction.SecretWords;
import dev.monitor.testing.ManualClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loggers to files: what a user reads back. */
class LogServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.at("2026-11-22T10:00:00.123456Z");
    private final MetricRegistry metrics = new MetricRegistry("Shop", clock, Resolution.STANDARD, 1000);
    private TestLogs logs;

    private LogService start(LogSettings settings) {
        logs = TestLogs.start(settings, dir, clock, metrics);
        return logs;
    }

    private static LogSettings settings() {
        return LogSettings.builder().group("/monitor/Shop").stream("host-1").level(Level.INFO).level("noisy", Level.WARN)
                .queueCapacity(1024).maxEventBytes(8192).secretWords(SecretWords.DEFAULTS).rotateBytes(1 << 20)
                .rotateEvery(Duration.ofHours(1)).retentionInDays(7).group("/shop/audit", 30, List.of("com.shop.audit")).build();
    }

    @AfterEach
    void close() {
        if (logs != null) {
            logs.close();
        }
    }

    private List<JsonNode> events(String group) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        Path groupDir = dir.resolve("logs").resolve(DataLayout.folderName(group));
        if (!Files.isDirectory(groupDir)) {
            return events;
        }
        try (Stream<Path> walk = Files.walk(groupDir)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(RollingFile.open(file), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        events.add(JSON.readTree(line));
                    }
                }
            }
        }
        return events;
    }

    @Test
    void structuredAndPlainEventsLandAsJsonLines() throws Exception {
        Logger log = start(settings()).logger("com.shop.Orders");
        log.atInfo().field("orderId", "o-1").field("amount", 42.5).field("items", 3).field("gift", true).message("placed");
        log.info("placed {} for {}", "o-2", "ann", new IllegalStateException("late", new RuntimeException("root")));
        log.debug("not written: the level is INFO");
        try (Scope ignored = Context.current().with("tenant", "acme").withTrace("1-5759e988-bd862e3fe1be46a994272793", "53995c3f42cd8ad8").makeCurrent()) {
            log.warn("inside a trace");
        }
        assertTrue(logs.flush(Duration.ofSeconds(5)));
        List<JsonNode> events = events("/monitor/Shop");
        assertEquals(3, events.size());
        JsonNode first = events.get(0);
        assertEquals("2026-11-22T10:00:00.123456Z", first.get("timestamp").asText());
        assertEquals("INFO", first.get("level").asText());
        assertEquals("com.shop.Orders", first.get("logger").asText());
        assertEquals(Thread.currentThread().getName(), first.get("thread").asText());
        assertEquals("placed", first.get("message").asText());
        assertEquals("o-1", first.get("orderId").asText());
        assertEquals(42.5, first.get("amount").asDouble());
        assertEquals(3, first.get("items").asInt());
        assertTrue(first.get("gift").asBoolean());

        JsonNode second = events.get(1);
        assertEquals("placed o-2 for ann", second.get("message").asText());
        assertEquals("java.lang.IllegalStateException", second.at("/exception/type").asText());
        assertEquals("late", second.at("/exception/message").asText());
        assertTrue(second.at("/exception/stack/0").asText().contains("LogServiceTest"));
        assertEquals("root", second.at("/exception/cause/message").asText());

        JsonNode third = events.get(2);
        assertEquals("acme", third.get("tenant").asText());
        assertEquals("1-5759e988-bd862e3fe1be46a994272793", third.get("traceId").asText());
        assertEquals("53995c3f42cd8ad8", third.get("segmentId").asText());
    }

    @Test
    void levelsAndGroupsFollowTheLongestLoggerPrefix() throws Exception {
        start(settings());
        logs.logger("noisy.Thing").info("dropped: noisy is at WARN");
        logs.logger("noisy.Thing").warn("kept");
        logs.logger("com.shop.audit.Trail").info("to the audit group");
        assertTrue(logs.flush(Duration.ofSeconds(5)));
        assertEquals(List.of("kept"), events("/monitor/Shop").stream().map(e -> e.get("message").asText()).toList());
        assertEquals(List.of("to the audit group"), events("/shop/audit").stream().map(e -> e.get("message").asText()).toList());
        assertTrue(Files.isDirectory(dir.resolve("logs/%2Fshop%2Faudit/host-1")));
    }

    @Test
    void secretsAreRedactedByDefault() throws Exception {
        Logger log = start(settings()).logger("auth");
        try (Scope ignored = Context.current().with("sessionToken", "abc").makeCurrent()) {
            log.atInfo().field("user", "ann").field("password", "hunter2").field("Authorization", "Bearer x")
                    .field("apiKey", "k").message("login");
        }
        assertTrue(logs.flush(Duration.ofSeconds(5)));
        JsonNode event = events("/monitor/Shop").get(0);
        assertEquals("ann", event.get("user").asText());
        for (String key : List.of("password", "Authorization", "apiKey", "sessionToken")) {
            assertEquals(LogJson.REDACTED, event.get(key).asText(), key);
        }
        assertFalse(event.toString().contains("hunter2"));
    }

    @Test
    void anOversizedEventIsTruncatedAndMarkedNotDropped() throws Exception {
        Logger log = start(settings()).logger("big");
        log.atError().field("payload", "x".repeat(20_000)).message("y".repeat(20_000));
        assertTrue(logs.flush(Duration.ofSeconds(5)));
        Path file;
        try (Stream<Path> walk = Files.walk(dir.resolve("logs"))) {
            file = walk.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        String line = Files.readAllLines(file).get(0);
        assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 8192, "at most maxEventBytes: " + line.length());
        JsonNode event = JSON.readTree(line);
        assertTrue(event.get("truncated").asBoolean());
        assertTrue(event.get("message").asText().startsWith("yyyy"));
    }

    @Test
    void aFullQueueDropsAndCountsAndNeverBlocks() throws Exception {
        start(settings());
        logs.hold();
        Logger log = logs.logger("flood");
        for (int i = 0; i < 5000; i++) {
            log.info("event {}", i);
        }
        logs.release();
        assertTrue(logs.flush(Duration.ofSeconds(5)));
        int written = events("/monitor/Shop").size();
        assertEquals(1024, written, "the queue holds 1024");
        clock.advance(Duration.ofMinutes(1));
        var dropped = metrics.collect(Resolution.STANDARD, java.time.Instant.parse("2026-11-22T10:00:00Z")).stream()
                .filter(d -> d.metric().name().equals("LogEventsDropped")).findFirst().orElseThrow();
        assertEquals(5000 - 1024, dropped.sum());
    }

    @Test
    void contextFollowsTasksAcrossExecutors() throws Exception {
        Logger log = start(settings()).logger("async");
        ExecutorService pool = Context.wrap(Executors.newFixedThreadPool(2));
        try (Scope ignored = Context.current().with("orderId", "o-9").makeCurrent()) {
            pool.submit(() -> log.info("in the pool")).get();
            java.util.concurrent.CompletableFuture.runAsync(() -> log.info("in a stage"), pool).get();
        }
        pool.submit(() -> log.info("outside")).get();
        pool.shutdown();
        assertTrue(logs.flush(Duration.ofSeconds(5)));
        List<JsonNode> events = events("/monitor/Shop");
        assertEquals("o-9", events.get(0).path("orderId").asText());
        assertEquals("o-9", events.get(1).path("orderId").asText());
        assertTrue(events.get(2).path("orderId").isMissingNode(), "the scope was closed before");
    }

    @Test
    void metricFiltersTurnMatchingEventsIntoMetricValues() throws Exception {
        start(settings());
        logs.logger("app").error("before the filter exists: not counted, as in CloudWatch");
        assertTrue(logs.flush(Duration.ofSeconds(5)));
        logs.putMetricFilter(new MetricFilter("errors", "/monitor/Shop", FilterPattern.parse("{ $.level = \"ERROR\" }"),
                new MetricFilter.Transformation("ErrorCount", "Shop/Logs", "1", 0.0, Map.of(), dev.monitor.api.metrics.Unit.COUNT)));
        logs.putMetricFilter(new MetricFilter("latency", "/monitor/Shop", FilterPattern.parse("{ $.latency = * }"),
                new MetricFilter.Transformation("Latency", "Shop/Logs", "$.latency", null, Map.of("Region", "$.region"),
                        dev.monitor.api.metrics.Unit.MILLISECONDS)));
        Logger log = logs.logger("app");
        log.error("one");
        log.error("two");
        log.info("fine");
        log.atInfo().field("latency", 120).field("region", "eu").message("served");
        log.atInfo().field("latency", 80).field("region", "eu").message("served");
        assertTrue(logs.flush(Duration.ofSeconds(5)));
        clock.advance(Duration.ofMinutes(1));
        var datapoints = metrics.collect(Resolution.STANDARD, java.time.Instant.parse("2026-11-22T10:00:00Z"));
        var errors = datapoints.stream().filter(d -> d.metric().name().equals("ErrorCount")).findFirst().orElseThrow();
        assertEquals(2.0, errors.sum(), "two errors of value 1");
        assertEquals(5, errors.sampleCount(), "and the default value 0 for each of the three other events");
        var latency = datapoints.stream().filter(d -> d.metric().name().equals("Latency")).findFirst().orElseThrow();
        assertEquals("Shop/Logs", latency.metric().namespace());
        assertEquals(List.of(new dev.monitor.api.metrics.Dimension("Region", "eu")), latency.metric().dimensions());
        assertEquals(200.0, latency.sum());
        assertEquals(2, latency.sampleCount());
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () ->
                new MetricFilter("bad", "/monitor/Shop", FilterPattern.parse(""), new MetricFilter.Transformation("M", "N", "1",
                        0.0, Map.of("Region", "$.region"), dev.monitor.api.metrics.Unit.COUNT)))
                .getMessage().contains("defaultValue is allowed only without dimensions"));
    }

    @Test
    void liveTailDeliversMatchingEventsInBatchesAndSamplesAboveTheLimit() throws Exception {
        start(settings());
        java.util.concurrent.LinkedBlockingQueue<LiveTail.Batch> batches = new java.util.concurrent.LinkedBlockingQueue<>();
        try (dev.monitor.api.subscription.Subscription tail = logs.tail(List.of("/monitor/Shop"), "host", "ERROR", batches::add)) {
            Logger log = logs.logger("app");
            for (int i = 0; i < 1000; i++) { // under the queue's 1024: none dropped
                log.error("boom {}", i);
            }
            log.info("not an error");
            assertTrue(logs.flush(Duration.ofSeconds(5)));
            clock.advance(Duration.ofSeconds(1));
            LiveTail.Batch batch = batches.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(LiveTail.MAX_PER_SECOND, batch.events().size());
            assertEquals(1000, batch.matched());
            assertTrue(batch.sampled());
            assertTrue(batch.events().stream().allMatch(e -> e.message().contains("boom") && e.logStream().equals("host-1")));
        }
    }

    @Test
    void aClosedTailGetsNoLaterEventWhileAnotherTailDoes() throws Exception {
        start(settings());
        java.util.concurrent.LinkedBlockingQueue<LiveTail.Batch> removed = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.LinkedBlockingQueue<LiveTail.Batch> kept = new java.util.concurrent.LinkedBlockingQueue<>();
        dev.monitor.api.subscription.Subscription closed = logs.tail(List.of("/monitor/Shop"), "", "", removed::add);
        try (dev.monitor.api.subscription.Subscription other = logs.tail(List.of("/monitor/Shop"), "", "", kept::add)) {
            Logger log = logs.logger("app");
            log.info("before");
            assertTrue(logs.flush(Duration.ofSeconds(5)));
            clock.advance(Duration.ofSeconds(1));
            assertTrue(logs.flush(Duration.ofSeconds(5)));
            assertNotNull(removed.poll(5, java.util.concurrent.TimeUnit.SECONDS), "the tail got events before it was closed");
            assertNotNull(kept.poll(5, java.util.concurrent.TimeUnit.SECONDS));
            closed.close();
            closed.close(); // twice is harmless

            log.info("after");
            assertTrue(logs.flush(Duration.ofSeconds(5)));
            clock.advance(Duration.ofSeconds(1));
            assertTrue(logs.flush(Duration.ofSeconds(5)));
            LiveTail.Batch after = kept.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(after.events().get(0).message().contains("after"), after.toString());
            assertEquals(List.of(), List.copyOf(removed), "nothing written after close reached the closed tail");
        }
    }

    @Test
    void aSlowTailSubscriberLosesItsOldestBatchesNotTheLogs() throws Exception {
        start(settings());
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<LiveTail.Batch> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (dev.monitor.api.subscription.Subscription tail = logs.tail(List.of("/monitor/Shop"), "", "", batch -> {
            seen.add(batch);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            Logger log = logs.logger("app");
            for (int second = 0; second < 20; second++) {
                log.info("second {}", second);
                assertTrue(logs.flush(Duration.ofSeconds(5)));
                clock.advance(Duration.ofSeconds(1));
                if (second == 1) {
                    // second 0's batch is closed by now: once the subscriber holds it, the rest queue behind it
                    dev.monitor.core.Await.until(Duration.ofSeconds(5), () -> !seen.isEmpty(), () -> "the first batch reached the subscriber");
                }
            }
            assertTrue(logs.flush(Duration.ofSeconds(5)));
            release.countDown();
            // the queue is delivered in order, so once the newest batch is in, every batch that will come has come
            dev.monitor.core.Await.until(Duration.ofSeconds(5),
                    () -> seen.get(seen.size() - 1).events().get(0).message().contains("\"second 19\""),
                    () -> "the newest batch reached the subscriber: " + seen);
            assertEquals(20, events("/monitor/Shop").size(), "every event was written");
            assertTrue(seen.size() <= 1 + LiveTail.MAX_QUEUED_BATCHES, "at most the batch in hand and the queue: " + seen.size());
            assertEquals("second 19", JSON.readTree(seen.get(seen.size() - 1).events().get(0).message()).get("message").asText(),
                    "the newest batches are kept");
        }
    }
}
