package dev.monitor.core;

import dev.monitor.testing.ManualClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.api.logs.Logger;
import dev.monitor.core.config.ConfigException;
import dev.monitor.core.export.Exporter;
import dev.monitor.core.export.StderrCapture;
import dev.monitor.core.metrics.Datapoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorFlushAndCloseTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseStuckExporters() {
        release.countDown();
    }

    /** Blocks in every export until the test ends, ignoring interrupts. */
    private Exporter<Datapoint> stuck(CountDownLatch exporting) {
        return batch -> {
            exporting.countDown();
            boolean interrupted = false;
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        };
    }

    private Monitor.Builder quiet(ManualClock clock) {
        Monitor.Builder builder = QuietMonitor.builder(dir, clock);
        return builder;
    }

    @Test
    void closeReturnsWithinItsTimeoutDespiteAStuckExporterAndSaysWhatItAbandoned() throws Exception {
        ManualClock clock = new ManualClock(T0);
        CountDownLatch exporting = new CountDownLatch(1);
        Monitor monitor = quiet(clock).closeTimeout(Duration.ofMillis(500)).exporter("stuck", stuck(exporting)).build();
        monitor.metrics().counter("Orders").increment();
        clock.advance(Duration.ofMinutes(1));
        monitor.collect();
        assertTrue(exporting.await(10, TimeUnit.SECONDS));
        try (StderrCapture stderr = new StderrCapture()) {
            long start = System.nanoTime();
            monitor.close();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMillis < 5_000, "close took " + tookMillis + " ms");
            String log = stderr.text();
            assertEquals(1, log.split("WARN", -1).length - 1, "one warning: " + log);
            assertTrue(log.contains("closing the monitor gave up after 500ms on exporters that did not finish: "
                    + "metrics exporter 'stuck' (stuck in export, "), log);
        }
    }

    /** Blocks the calling thread until the test ends, ignoring interrupts. */
    private void blockUntilReleased() {
        boolean interrupted = false;
        while (release.getCount() > 0) {
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A collector tick stuck in a gauge's supplier, an exporter stuck in an export and the scheduler's lanes
     * still busy at the end: each phase of close used to wait the whole close timeout (and the stuck tick,
     * holding the monitor's lock, kept close from starting at all). One deadline now bounds them all.
     */
    /** A bus target stuck in its call held close for the bus's own 2 s whatever the close timeout; now the deadline bounds it. */
    @Test
    void aStuckBusTargetHoldsCloseNoLongerThanTheCloseTimeout() throws Exception {
        CountDownLatch delivering = new CountDownLatch(1);
        Monitor monitor = quiet(new ManualClock(T0)).closeTimeout(Duration.ofMillis(500)).build();
        monitor.events().putRule(dev.monitor.core.events.Rule.builder("stuck").eventPattern("{\"source\": [\"shop\"]}")
                .target(dev.monitor.core.events.Target.handler("h", input -> {
                    delivering.countDown();
                    blockUntilReleased();
                })).build());
        monitor.events().putEvents(dev.monitor.api.events.PutEventsEntry.of("shop", "Tick", "{}"));
        assertTrue(delivering.await(10, TimeUnit.SECONDS), "the target was called");
        long start = System.nanoTime();
        monitor.close();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMillis < 1800, "close took " + tookMillis + " ms for a close timeout of 500 ms (the bus alone took 2 s before)");
    }

    @Test
    void closeSharesOneDeadlineAmongItsPhasesAndNamesWhatItAbandoned() throws Exception {
        ManualClock clock = new ManualClock(T0);
        CountDownLatch exporting = new CountDownLatch(1);
        CountDownLatch tickStuck = new CountDownLatch(1);
        AtomicBoolean stickNextRead = new AtomicBoolean();
        AtomicReference<Thread> tickThread = new AtomicReference<>();
        Duration closeTimeout = Duration.ofMillis(1500);
        // the stuck exporter falls behind the 20 ms ticks and says so: captured with the rest
        try (StderrCapture stderr = new StderrCapture()) {
            Monitor monitor = quiet(clock).tickEvery(Duration.ofMillis(20)).closeTimeout(closeTimeout)
                    .exporter("stuck", stuck(exporting)).build();
            monitor.metrics().counter("Orders").increment();
            monitor.metrics().gaugeBuilder("QueueDepth").observe(() -> {
                if (stickNextRead.getAndSet(false)) {
                    tickThread.set(Thread.currentThread());
                    tickStuck.countDown();
                    blockUntilReleased();
                }
                return 1;
            });
            clock.advance(Duration.ofMinutes(1));
            assertTrue(exporting.await(10, TimeUnit.SECONDS), "the collector's tick handed the exporter a minute");
            stickNextRead.set(true);
            clock.advance(Duration.ofMinutes(1));
            assertTrue(tickStuck.await(10, TimeUnit.SECONDS), "the next tick reads the gauge");

            long start = System.nanoTime();
            monitor.close();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // each phase waiting its own 1.5 s took 4.5 s; the bus's own bounded waits take nothing here
            assertTrue(tookMillis < 2 * closeTimeout.toMillis(), "close took " + tookMillis + " ms for a close timeout of 1500 ms");
            String log = stderr.text();
            assertTrue(log.contains("closing the monitor gave up after 1500ms on exporters that did not finish: metrics exporter 'stuck' "
                    + "(stuck in export, "), log);
            assertTrue(log.contains("closing the monitor gave up after 1500ms on a collector tick still running on monitor-scheduler"),
                    log);
            assertTrue(log.lines().filter(line -> line.contains("exporters that did not finish")).noneMatch(line -> line.contains("; ")),
                    () -> "the exporters that had nothing left to do closed in the close's last moments: " + log);
            assertEquals(2, log.lines().filter(line -> line.contains("closing the monitor gave up")).count(), log);
            // what the abandoned tick says when it comes unstuck is captured too
            release.countDown();
            Await.until(Duration.ofSeconds(10), () -> !tickThread.get().isAlive(), () -> "the abandoned tick ends once released");
        }
    }

    @Test
    void theCloseTimeoutIsASettingOfTheFile() throws Exception {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, "namespace: Shop\ndataDir: " + dir.resolve("data") + "\ncloseTimeout: 300ms\n");
        CountDownLatch exporting = new CountDownLatch(1);
        ManualClock clock = new ManualClock(T0);
        Monitor monitor = Monitor.builder().config(config).clock(clock).tickEvery(Duration.ZERO).exporter("stuck", stuck(exporting))
                .build();
        monitor.metrics().counter("Orders").increment();
        clock.advance(Duration.ofMinutes(1));
        monitor.collect();
        assertTrue(exporting.await(10, TimeUnit.SECONDS));
        try (StderrCapture stderr = new StderrCapture()) {
            monitor.close();
            assertTrue(stderr.text().contains("gave up after 300ms"), stderr.text());
        }
        Files.writeString(config, "closeTimeout: never\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Monitor.fromConfig(config));
        assertEquals(List.of("closeTimeout: 'never' is not a positive duration such as 500ms, 30s, 5m, 1h or 7d"), e.problems());
        assertThrows(IllegalArgumentException.class, () -> Monitor.builder().closeTimeout(Duration.ZERO));
    }

    @Test
    void flushHandsOverWhatTheLogWriterHoldsBeforeItReturns() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (Monitor monitor = quiet(clock).build()) {
            Logger log = monitor.logs().logger("shop.Checkout");
            log.atInfo().message("order o-1 placed");
            assertTrue(monitor.flush(Duration.ofSeconds(10)));
            assertTrue(logText(dir.resolve("logs")).contains("order o-1 placed"), "the event is in the log files once flush returned");
        }
    }

    private static String logText(Path folder) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try (InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file))
                        : Files.newInputStream(file)) {
                    text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return text.toString();
    }
}
