package dev.monitor.core.logs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.api.logs.Level;
import dev.monitor.api.logs.Logger;
import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.Await;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.LogEvent;
import dev.monitor.core.export.Signal;
import dev.monitor.core.export.internal.ExportPipeline;
import dev.monitor.core.files.DataLayout;
import dev.monitor.core.logs.LogSettings;
import dev.monitor.core.logs.QueryEngine;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.core.redaction.SecretWords;
import dev.monitor.testing.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log writer's lent buffers, on real threads: an event's bytes stay as they were until every
 * exporter that shares them has returned from the batch, the writer does write into the same
 * buffers again afterwards, and under contention every event reaches every exporter exactly once,
 * intact, or is counted as dropped.
 */
class LogWriterBuffersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.at("2026-12-02T10:00:00.123456Z");
    private final MetricRegistry metrics = new MetricRegistry("Shop", clock, Resolution.STANDARD, 1000);
    private ExportPipeline<LogEvent> pipeline;
    private LogEngine engine;

    private Logger start(int queueCapacity, Map<String, Exporter<LogEvent>> exporters) {
        List<ExportPipeline.Named<LogEvent>> named = new ArrayList<>();
        exporters.forEach((name, exporter) -> named.add(new ExportPipeline.Named<>(name, exporter)));
        pipeline = new ExportPipeline<>(Signal.LOGS, named, metrics.forNamespace(MetricRegistry.SELF_NAMESPACE), 1, Duration.ofMillis(1));
        LogSettings settings = LogSettings.builder().group("/shop").stream("host-1").level(Level.INFO).queueCapacity(queueCapacity)
                .maxEventBytes(8192).secretWords(SecretWords.DEFAULTS).build();
        engine = new LogEngine(settings, new DataLayout(dir), clock, metrics, QueryEngine.DEFAULT_ACCOUNT, pipeline);
        return engine.logger("orders");
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    private static byte[] bytes(LogEvent event) {
        byte[][] copy = new byte[1][];
        try {
            event.writeMessage((utf8, offset, length) -> copy[0] = Arrays.copyOfRange(utf8, offset, offset + length));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return copy[0];
    }

    /** The buffer array an event's bytes are read from, by identity. */
    private static byte[] buffer(LogEvent event) {
        byte[][] buffer = new byte[1][];
        try {
            event.writeMessage((utf8, offset, length) -> buffer[0] = utf8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return buffer[0];
    }

    /** Shares lent events: declares that it keeps nothing past export. Records what it read, as text. */
    private static class Sharing implements Exporter<LogEvent> {
        final ConcurrentLinkedQueue<String> read = new ConcurrentLinkedQueue<>();

        @Override
        public void export(List<LogEvent> batch) {
            for (LogEvent event : batch) {
                read.add(event.message());
            }
        }

        @Override
        public boolean keepsItems() {
            return false;
        }
    }

    /**
     * A slow exporter holds the first batch while a fast one exports it and thousands more: the
     * bytes the slow one reads at the end are still those it saw at the start. Were the first
     * batch handed back when the fast exporter finished, the writer would have written later
     * events over them.
     */
    @Test
    void aBufferIsNotReusedBeforeEveryExporterHasFinishedWithIt() throws Exception {
        CountDownLatch letGo = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        List<String> changed = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger slowBatches = new AtomicInteger();
        Sharing fast = new Sharing();
        Sharing slow = new Sharing() {
            @Override
            public void export(List<LogEvent> batch) {
                if (slowBatches.getAndIncrement() == 0) {
                    List<byte[]> before = new ArrayList<>();
                    batch.forEach(event -> before.add(bytes(event)));
                    holding.countDown();
                    try {
                        letGo.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    for (int i = 0; i < batch.size(); i++) {
                        if (!Arrays.equals(before.get(i), bytes(batch.get(i)))) {
                            changed.add(new String(before.get(i), StandardCharsets.UTF_8) + " became "
                                    + new String(bytes(batch.get(i)), StandardCharsets.UTF_8));
                        }
                    }
                }
                super.export(batch);
            }
        };
        Logger log = start(1 << 14, Map.of("fast", fast, "slow", slow));
        for (int i = 0; i < 10; i++) {
            log.atInfo().field("n", i).message("first " + i);
        }
        assertTrue(holding.await(10, TimeUnit.SECONDS), "the slow exporter holds the first batch");
        Await.until(Duration.ofSeconds(10), () -> fast.read.size() == 10, () -> "the fast exporter has " + fast.read.size());
        int total = 10;
        for (int round = 0; round < 20; round++) { // many batches, each lent while the first is still held
            for (int i = 0; i < 500; i++) {
                log.atInfo().field("n", total + i).message("later " + (total + i));
            }
            total += 500;
            int expected = total;
            Await.until(Duration.ofSeconds(20), () -> fast.read.size() == expected, () -> "the fast exporter has " + fast.read.size());
        }
        letGo.countDown();
        int all = total;
        Await.until(Duration.ofSeconds(20), () -> slow.read.size() == all, () -> "the slow exporter has " + slow.read.size());
        assertEquals(List.of(), changed, "the held batch's bytes did not change");
        assertEquals(List.copyOf(fast.read), List.copyOf(slow.read), "both exported the same events, in order");
    }

    /**
     * Once a batch is back, the writer writes into its buffer again: one buffer serves many
     * flushed rounds. An exporter that keeps events never gets the lent buffers, but copies.
     */
    @Test
    void theWriterWritesIntoItsBuffersAgainOnceTheyAreBackAndKeepersGetCopies() throws Exception {
        Map<byte[], Set<Integer>> roundsByBuffer = Collections.synchronizedMap(new IdentityHashMap<>());
        AtomicInteger round = new AtomicInteger();
        Sharing sharing = new Sharing() {
            @Override
            public void export(List<LogEvent> batch) {
                for (LogEvent event : batch) {
                    roundsByBuffer.computeIfAbsent(buffer(event), b -> new HashSet<>()).add(round.get());
                }
                super.export(batch);
            }
        };
        List<LogEvent> kept = Collections.synchronizedList(new ArrayList<>());
        Exporter<LogEvent> keeper = kept::addAll;
        Logger log = start(1024, Map.of("sharing", sharing, "keeper", keeper));
        int rounds = 20;
        for (int r = 0; r < rounds; r++) {
            round.set(r);
            for (int i = 0; i < 5; i++) {
                log.atInfo().field("n", r * 5 + i).message("round " + r);
            }
            assertTrue(engine.flush(Duration.ofSeconds(10)), "flushed round " + r);
        }
        int mostRounds = roundsByBuffer.values().stream().mapToInt(Set::size).max().orElse(0);
        assertTrue(mostRounds >= 2, "a buffer served more than one round: " + roundsByBuffer.values());
        assertEquals(rounds * 5, kept.size());
        assertEquals(rounds * 5, sharing.read.size());
        for (LogEvent event : kept) {
            assertTrue(!roundsByBuffer.containsKey(buffer(event)), "the keeper's events have bytes of their own");
        }
        List<String> keptText = kept.stream().map(LogEvent::message).toList();
        assertEquals(List.copyOf(sharing.read), keptText, "and the same text, read at the end");
    }

    /**
     * Four threads log 25,000 events each into a small queue, while a fast and a yielding exporter
     * share the lent batches and a third keeps copies: each exporter gets each event that was not
     * counted as dropped exactly once, whole (its field and its message name the same number).
     */
    @Test
    void underContentionNoEventIsLostDoubledOrMixedUp() throws Exception {
        Sharing fast = new Sharing();
        Sharing yielding = new Sharing() {
            @Override
            public void export(List<LogEvent> batch) {
                for (int i = 0; i < batch.size(); i++) {
                    read.add(batch.get(i).message());
                    if (i % 64 == 0) {
                        Thread.yield(); // slower than the other: batches come back at different times from each
                    }
                }
            }
        };
        ConcurrentLinkedQueue<LogEvent> kept = new ConcurrentLinkedQueue<>();
        Exporter<LogEvent> keeper = kept::addAll;
        Logger log = start(2048, Map.of("fast", fast, "yielding", yielding, "keeper", keeper));
        int threads = 4;
        int each = 25_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * each;
            Thread producer = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    log.atInfo().field("n", base + i).message("event " + (base + i));
                }
            }, "producer-" + t);
            producer.start();
            producers.add(producer);
        }
        go.countDown();
        for (Thread producer : producers) {
            producer.join(60_000);
            assertTrue(!producer.isAlive(), producer.getName() + " finished: a log call never blocks");
        }
        assertTrue(engine.flush(Duration.ofSeconds(30)));
        clock.advance(Duration.ofMinutes(1));
        double dropped = metrics.collect(Resolution.STANDARD, Instant.parse("2026-12-02T10:00:00Z")).stream()
                .filter(d -> d.metric().name().equals("LogEventsDropped")).mapToDouble(d -> d.sum()).sum();
        int delivered = threads * each - (int) dropped;
        Await.until(Duration.ofSeconds(10), () -> fast.read.size() == delivered && yielding.read.size() == delivered
                        && kept.size() == delivered,
                () -> "delivered " + delivered + " (dropped " + dropped + "): fast " + fast.read.size() + ", yielding "
                        + yielding.read.size() + ", keeper " + kept.size());
        assertTrue(delivered > 0, "some events got through");
        Set<Integer> fastNumbers = numbers(fast.read);
        assertEquals(fastNumbers, numbers(yielding.read));
        assertEquals(fastNumbers, numbers(kept.stream().map(LogEvent::message).toList()));
    }

    /** The numbers of the events, checking that each is whole and none comes twice. */
    private static Set<Integer> numbers(Iterable<String> messages) throws IOException {
        Set<Integer> numbers = new HashSet<>();
        for (String message : messages) {
            JsonNode event = JSON.readTree(message);
            int n = event.get("n").asInt();
            assertEquals("event " + n, event.get("message").asText(), "one event's bytes, whole: " + message);
            assertTrue(numbers.add(n), "event " + n + " came twice");
        }
        return numbers;
    }
}
