package dev.monitor.core.export.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.metrics.Resolution;
import dev.monitor.core.Await;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.LogEvent;
import dev.monitor.core.export.Signal;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.metrics.Datapoint;
import dev.monitor.core.metrics.internal.MetricRegistry;
import dev.monitor.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Lent batches on real lane threads: a batch comes back to its producer only once every exporter
 * that shares it has returned from it (the slowest included), or at once when it was dropped; an
 * exporter that keeps items never shares the lent ones.
 */
class ExportPipelineLendTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private final MetricRegistry registry = new MetricRegistry("Shop", ManualClock.at("2026-11-22T10:00:00Z"),
            Resolution.STANDARD, 100);

    /** A batch of log events reading their bytes from one buffer, as the log writer lends them. */
    private static final class Lent implements LentBatch<LogEvent> {
        final byte[] buffer;
        final List<LogEvent> items = new ArrayList<>();
        final AtomicInteger returned = new AtomicInteger();
        final AtomicInteger copies = new AtomicInteger();
        final AtomicReference<Thread> returnedOn = new AtomicReference<>();

        Lent(String... messages) {
            StringBuilder all = new StringBuilder();
            for (String message : messages) {
                all.append(message);
            }
            buffer = all.toString().getBytes(StandardCharsets.UTF_8);
            int offset = 0;
            for (String message : messages) {
                int length = message.getBytes(StandardCharsets.UTF_8).length;
                items.add(LogEvent.encoded("/g", "s", 1_000_000L, buffer, offset, length));
                offset += length;
            }
        }

        @Override
        public List<LogEvent> items() {
            return items;
        }

        @Override
        public List<LogEvent> ownedCopy() {
            copies.incrementAndGet();
            List<LogEvent> copy = new ArrayList<>();
            for (LogEvent event : items) {
                copy.add(LogEvent.encoded(event.group(), event.stream(), event.epochMicros(), event.message().getBytes(StandardCharsets.UTF_8)));
            }
            return copy;
        }

        @Override
        public void returned() {
            returnedOn.set(Thread.currentThread());
            returned.incrementAndGet();
        }
    }

    /** An exporter that declares it keeps nothing past export, and records the texts it read. */
    private static class Sharing implements Exporter<LogEvent> {
        final List<String> read = new CopyOnWriteArrayList<>();

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

    private ExportPipeline<LogEvent> pipeline(Map<String, Exporter<LogEvent>> exporters) {
        List<ExportPipeline.Named<LogEvent>> named = new ArrayList<>();
        exporters.forEach((name, exporter) -> named.add(new ExportPipeline.Named<>(name, exporter)));
        return new ExportPipeline<>(Signal.LOGS, named, registry.forNamespace("Monitor"), 1, Duration.ofMillis(1));
    }

    @Test
    void aLentBatchComesBackOnlyOnceTheSlowestExporterHasReturnedFromIt() throws Exception {
        CountDownLatch letGo = new CountDownLatch(1);
        CountDownLatch slowEntered = new CountDownLatch(1);
        AtomicReference<byte[]> slowSawAtTheEnd = new AtomicReference<>();
        Sharing fast = new Sharing();
        Sharing slow = new Sharing() {
            @Override
            public void export(List<LogEvent> batch) {
                slowEntered.countDown();
                try {
                    letGo.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.export(batch);
                // The bytes as the slow exporter reads them, last of all: were the buffer reused early, they would differ.
                byte[][] last = new byte[1][];
                try {
                    batch.get(1).writeMessage((utf8, offset, length) -> last[0] = Arrays.copyOfRange(utf8, offset, offset + length));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                slowSawAtTheEnd.set(last[0]);
            }
        };
        List<LogEvent> kept = new CopyOnWriteArrayList<>();
        Exporter<LogEvent> keeper = kept::addAll; // keeps items: the default answer
        Lent lent = new Lent("{\"n\":1}", "{\"n\":2}");
        try (ExportPipeline<LogEvent> pipeline = pipeline(Map.of("fast", fast, "slow", slow, "keeper", keeper))) {
            pipeline.lend(lent);
            Await.until(Duration.ofSeconds(10), () -> fast.read.size() == 2 && kept.size() == 2, () -> "fast and keeper exported");
            assertTrue(slowEntered.await(10, TimeUnit.SECONDS), "the slow exporter has the batch");
            assertEquals(0, lent.returned.get(), "the slow exporter still reads it: not handed back");

            letGo.countDown();
            Await.until(Duration.ofSeconds(10), () -> lent.returned.get() == 1, () -> "handed back once the slow one returned");
            assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), slow.read);
            assertEquals("{\"n\":2}", new String(slowSawAtTheEnd.get(), StandardCharsets.UTF_8));
            assertTrue(lent.returnedOn.get().getName().startsWith("monitor-export-logs-"), "on a lane's thread: " + lent.returnedOn.get());
            assertTrue(pipeline.flush(Duration.ofSeconds(10)));
        }
        assertEquals(1, lent.returned.get(), "handed back exactly once");
        assertEquals(1, lent.copies.get(), "one copy, for the one exporter that keeps items");
        assertEquals(lent.items, kept, "the keeper got equal events");
        for (int i = 0; i < kept.size(); i++) {
            assertNotSame(lent.items.get(i), kept.get(i), "of its own, not the lent ones");
        }
    }

    @Test
    void aFlushThatReturnsTrueHasSeenEveryLentBatchBack() {
        Sharing one = new Sharing();
        Sharing two = new Sharing();
        List<Lent> lent = new ArrayList<>();
        try (ExportPipeline<LogEvent> pipeline = pipeline(Map.of("one", one, "two", two))) {
            for (int i = 0; i < 50; i++) {
                Lent batch = new Lent("{\"batch\":" + i + "}");
                lent.add(batch);
                pipeline.lend(batch);
            }
            assertTrue(pipeline.flush(Duration.ofSeconds(10)));
            for (Lent batch : lent) {
                assertEquals(1, batch.returned.get(), "every batch lent before the flush is back when it returns");
            }
        }
        assertEquals(50, one.read.size());
        assertEquals(50, two.read.size());
    }

    @Test
    void aBatchNoExporterSharesComesBackAtOnceOnTheLendingThread() {
        Lent none = new Lent("{\"n\":1}");
        try (ExportPipeline<LogEvent> pipeline = pipeline(Map.of())) {
            pipeline.lend(none);
        }
        assertEquals(1, none.returned.get());
        assertSame(Thread.currentThread(), none.returnedOn.get());

        List<LogEvent> kept = new CopyOnWriteArrayList<>();
        Exporter<LogEvent> keeper = kept::addAll;
        Lent copied = new Lent("{\"n\":2}");
        try (ExportPipeline<LogEvent> pipeline = pipeline(Map.of("keeper", keeper))) {
            pipeline.lend(copied);
            assertEquals(1, copied.returned.get(), "the keeper has a copy: the lent batch is free at once");
            assertTrue(pipeline.flush(Duration.ofSeconds(10)));
        }
        assertEquals(List.of(new LogEvent("/g", "s", Instant.ofEpochSecond(1), "{\"n\":2}")), kept);

        Lent empty = new Lent();
        try (ExportPipeline<LogEvent> pipeline = pipeline(Map.of("one", new Sharing()))) {
            pipeline.lend(empty);
        }
        assertEquals(1, empty.returned.get(), "an empty batch is handed back unexported");
    }

    /**
     * A stuck exporter: batches that find its queue full come back at once, counted as dropped;
     * at close, the queued ones it never saw come back, and the one it is stuck in only once the
     * export returns.
     */
    @Test
    void droppedAndAbandonedBatchesComeBackButNotTheOneAStuckExporterHolds() throws Exception {
        CountDownLatch letGo = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        Sharing stuck = new Sharing() {
            @Override
            public void export(List<LogEvent> batch) {
                entered.countDown();
                try {
                    letGo.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    // abandoned at close: it still holds the batch until it returns, below
                    try {
                        letGo.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException again) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        List<Lent> lent = new ArrayList<>();
        try (StderrCapture stderr = new StderrCapture()) {
            ExportPipeline<LogEvent> pipeline = pipeline(Map.of("stuck", stuck));
            Lent first = new Lent("{\"n\":0}");
            lent.add(first);
            pipeline.lend(first);
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            for (int i = 1; i <= ExportPipeline.QUEUE_CAPACITY + 3; i++) {
                Lent batch = new Lent("{\"n\":" + i + "}");
                lent.add(batch);
                pipeline.lend(batch);
            }
            for (int i = 1; i <= ExportPipeline.QUEUE_CAPACITY; i++) {
                assertEquals(0, lent.get(i).returned.get(), "queued for the stuck exporter: " + i);
            }
            for (int i = ExportPipeline.QUEUE_CAPACITY + 1; i < lent.size(); i++) {
                assertEquals(1, lent.get(i).returned.get(), "found the queue full: handed back at once, " + i);
            }

            pipeline.stop();
            List<String> abandoned = pipeline.awaitStopped(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200));
            assertEquals(1, abandoned.size(), abandoned.toString());
            assertTrue(abandoned.get(0).contains((ExportPipeline.QUEUE_CAPACITY + 1) + " batches"), abandoned.get(0));
            for (int i = 1; i < lent.size(); i++) {
                assertEquals(1, lent.get(i).returned.get(), "never exported, handed back: " + i);
            }
            assertEquals(0, first.returned.get(), "the stuck exporter may still read it");

            letGo.countDown();
            Await.until(Duration.ofSeconds(10), () -> first.returned.get() == 1, () -> "handed back once the stuck export returned");
            assertTrue(stderr.text().contains("is 100 batches behind"), stderr.text());
        }
        Map<String, Double> self = registry.collect(Resolution.STANDARD, T0).stream()
                .filter(d -> d.metric().namespace().equals("Monitor"))
                .collect(Collectors.toMap(d -> d.metric().name() + d.metric().dimensions(), Datapoint::sum));
        assertEquals((double) lent.size(), self.get("Dropped[Dimension[name=Exporter, value=stuck], Dimension[name=Signal, value=logs]]"),
                "every batch but none was exported: 3 found the queue full, 100 were abandoned queued, 1 in the stuck export");
        assertFalse(lent.stream().anyMatch(batch -> batch.returned.get() != 1), "each handed back exactly once");
    }
}
