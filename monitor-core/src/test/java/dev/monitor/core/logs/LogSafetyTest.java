package dev.monitor.core.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.monitor.core.logs.internal.TestLogs;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.core.redaction.SecretWords;
import dev.monitor.testing.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets never reach a log file, and the logs' threads outlive any failure. */
class LogSafetyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
    private final MetricRegistry metrics = new MetricRegistry("Shop", clock, Resolution.STANDARD, 1000);
    private TestLogs logs;

    private LogService start() {
        logs = TestLogs.start(LogSettings.builder().group("/monitor/Shop").stream("host-1").level(Level.INFO).queueCapacity(1024)
                .maxEventBytes(65536).secretWords(SecretWords.DEFAULTS).rotateBytes(1 << 20).rotateEvery(Duration.ofHours(1))
                .build(), dir, clock, metrics);
        return logs;
    }

    @AfterEach
    void close() {
        if (logs != null) {
            logs.close();
        }
    }

    /** Every byte the logs wrote, gzipped files read uncompressed. */
    static String everythingWritten(Path dir) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                try (InputStream in = RollingFile.open(file)) {
                    all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return all.toString();
    }

    private List<JsonNode> events() throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : everythingWritten(dir.resolve("logs")).split("\n")) {
            if (!line.isEmpty()) {
                events.add(JSON.readTree(line));
            }
        }
        return events;
    }

    /** The sums of Monitor's own counters over the test, by name and, for InternalErrors, thread. */
    private Map<String, Double> counted() {
        clock.advance(Duration.ofHours(3));
        Map<String, Double> sums = new java.util.HashMap<>();
        metrics.collect(Resolution.STANDARD, java.time.Instant.parse("2026-11-22T13:00:00Z")).forEach(d -> sums.merge(
                d.metric().name() + d.metric().dimensions().stream().map(dimension -> dimension.value()).toList(), d.sum(), Double::sum));
        return sums;
    }

    @Test
    void secretsInNestedFieldsContextExceptionsAndArgumentsAreMasked() throws Exception {
        Logger log = start().logger("auth");
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("user", "ann");
        inner.put("dbPassword", "two words");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("region", "eu");
        config.put("db", List.of(inner));
        IllegalStateException failure = new IllegalStateException("connect https://ann:pa55@db.example/x failed",
                new RuntimeException("server said token=t0k3n"));
        try (Scope ignored = Context.current().with("callback", "https://h.example/cb?access_token=ctx123&x=1").makeCurrent()) {
            log.atWarn().field("config", config).field("note", "password=inline1").cause(failure)
                    .message("login for {} with password={} from {}", "ann", "my secret pass", "https://bob:pw2@proxy");
        }
        inner.put("dbPassword", "changed later");
        assertTrue(logs.flush(Duration.ofSeconds(5)));

        JsonNode event = events().get(0);
        assertEquals("login for ann with password=[REDACTED] from https://bob:[REDACTED]@proxy", event.get("message").asText());
        assertEquals("{region=eu, db=[{user=ann, dbPassword=[REDACTED]}]}", event.get("config").asText(),
                "a map is copied when logged, its secret keys masked at any depth");
        assertEquals("password=[REDACTED]", event.get("note").asText());
        assertEquals("https://h.example/cb?access_token=[REDACTED]&x=1", event.get("callback").asText());
        assertEquals("connect https://ann:[REDACTED]@db.example/x failed", event.at("/exception/message").asText());
        assertEquals("server said token=[REDACTED]", event.at("/exception/cause/message").asText());
        String written = everythingWritten(dir);
        for (String secret : List.of("two words", "changed later", "my secret pass", "pw2", "ctx123", "pa55", "t0k3n", "inline1")) {
            assertFalse(written.contains(secret), secret + " leaked: " + written);
        }
    }

    /** A number whose conversion fails on the writer thread, as running out of memory there would. */
    private static final class Poison extends Number {
        @Override
        public int intValue() {
            throw new OutOfMemoryError("injected");
        }

        @Override
        public long longValue() {
            throw new OutOfMemoryError("injected");
        }

        @Override
        public float floatValue() {
            throw new OutOfMemoryError("injected");
        }

        @Override
        public double doubleValue() {
            throw new OutOfMemoryError("injected");
        }
    }

    private String capturingStandardError(ThrowingRunnable run) throws Exception {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setErr(saved);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void theWriterOutlivesAnErrorInOneEventLogsItOnceAndCountsIt() throws Exception {
        Logger log = start().logger("app");
        String stderr = capturingStandardError(() -> {
            log.atInfo().field("size", new Poison()).message("poisoned 1");
            log.atInfo().field("size", new Poison()).message("poisoned 2");
            log.info("after");
            assertTrue(logs.flush(Duration.ofSeconds(5)), "the writer still answers");
        });
        assertEquals(List.of("after"), events().stream().map(e -> e.get("message").asText()).toList());
        Map<String, Double> counted = counted();
        assertEquals(2.0, counted.get("InternalErrors[monitor-logs]"), counted.toString());
        assertEquals(2.0, counted.get("LogEventsDropped[]"), "the events are dropped and counted");
        assertEquals(1, stderr.lines().filter(line -> line.contains("monitor-logs failed and carries on")).count(), stderr);
        assertTrue(stderr.contains("java.lang.OutOfMemoryError: injected"), stderr);
    }

    @Test
    void aLiveTailSubscriberThatThrowsAnErrorLosesThatBatchOnly() throws Exception {
        start();
        List<LiveTail.Batch> seen = new CopyOnWriteArrayList<>();
        String stderr;
        try (dev.monitor.api.subscription.Subscription tail = logs.tail(List.of("/monitor/Shop"), "", "", batch -> {
            seen.add(batch);
            if (seen.size() == 1) {
                throw new StackOverflowError("injected");
            }
        })) {
            stderr = capturingStandardError(() -> {
                Logger log = logs.logger("app");
                for (int second = 0; second < 3; second++) {
                    log.info("second {}", second);
                    assertTrue(logs.flush(Duration.ofSeconds(5)));
                    clock.advance(Duration.ofSeconds(1));
                    logs.flush(Duration.ofSeconds(5));
                }
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (seen.size() < 3 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            });
        }
        assertEquals(3, seen.size(), "delivery went on after the Error");
        assertEquals(1.0, counted().get("InternalErrors[monitor-live-tail]"));
        assertEquals(1, stderr.lines().filter(line -> line.contains("monitor-live-tail failed and carries on")).count(), stderr);
    }

    @Test
    void theCompressorOutlivesAnErrorInOneTask() throws Exception {
        start();
        String stderr = capturingStandardError(() -> {
            logs.compress(() -> {
                throw new OutOfMemoryError("injected");
            });
            Logger log = logs.logger("app");
            log.info("first file");
            assertTrue(logs.flush(Duration.ofSeconds(5)));
            clock.advance(Duration.ofHours(1));
            log.info("second file");
            logs.close();
        });
        Path stream = dir.resolve("logs").resolve(DataLayout.folderName("/monitor/Shop")).resolve("host-1");
        assertTrue(Files.exists(stream.resolve("events-20261122T100000Z-0.jsonl.gz")), "the next compression ran");
        assertEquals(List.of("first file", "second file"), events().stream().map(e -> e.get("message").asText()).toList());
        assertEquals(1.0, counted().get("InternalErrors[monitor-logs-gzip]"));
        assertEquals(1, stderr.lines().filter(line -> line.contains("monitor-logs-gzip failed and carries on")).count(), stderr);
    }
}
